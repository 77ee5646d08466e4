import { describe, expect, test } from 'vitest';
import { networkSeed, logArchiveBucketName } from '../src/seeds/network.js';
import { findBucket } from '../src/services/s3/model.js';
import { emptyState } from '../src/state.js';

function organizationState() {
  const state = emptyState('123456789012');
  state.services.organizations = {
    organization: { Id: 'o-abcdefghij', MasterAccountId: '123456789012' },
    accounts: {
      '111111111111': { Id: '111111111111', Name: 'Log Archive' },
      '222222222222': { Id: '222222222222', Name: 'Shared Services' },
    },
  };
  return state;
}

describe('the network seed', () => {
  test('creates the shared transit gateway and the log-archive bucket once, in their accounts', () => {
    const state = organizationState();
    const first = networkSeed.apply(state, { region: 'us-east-1', now: 0 });
    expect(first.created).toHaveLength(2);
    expect(first.created.join('\n')).toMatch(
      /transit gateway tgw-[0-9a-f]{17} .* in account 222222222222 \(Shared Services\)/,
    );
    const bucket = findBucket(state, logArchiveBucketName('o-abcdefghij'));
    expect(bucket).toMatchObject({
      name: 'awsarch-log-archive-o-abcdefghij',
      accountId: '111111111111',
      region: 'us-east-1',
    });
    expect(JSON.parse(bucket?.policy ?? '{}').Statement).toHaveLength(4);
    const second = networkSeed.apply(state, { region: 'us-east-1', now: 1 });
    expect(second).toEqual({
      created: [],
      existing: expect.arrayContaining([expect.stringContaining('transit gateway'), expect.stringContaining('bucket')]),
    });
  });

  test('needs an organization', () => {
    expect(() => networkSeed.apply(emptyState('123456789012'), { region: 'us-east-1', now: 0 })).toThrow(
      /needs an organization/,
    );
  });
});
