import { SANDBOX_CREDENTIALS } from '@awsarch/aws-sandbox';
import { describe, expect, it } from 'vitest';
import { organizationWithMember } from '../../packages/aws-sandbox/test/fixtures/scp-organization.js';
import { organizationsClient, startTestSandbox } from '../../packages/aws-sandbox/test/helpers.js';
import { closeAccount } from '../../src/accounts/close-account.js';
import { testContext } from '../helpers/context.js';
import { RecordingHost } from '../helpers/recording-host.js';

describe('a declined prompt is cancelled, exit 1, nothing changed', () => {
  it('account close: "no" is the cancelled error with exit 1 and no write', async () => {
    const sandbox = await startTestSandbox();
    await organizationWithMember(organizationsClient(sandbox), { enableScps: false });
    const host = new RecordingHost(true);
    host.answers.push(false);
    const { ctx } = testContext({ host, target: { endpoint: sandbox.endpoint, credentials: SANDBOX_CREDENTIALS } });
    const error = await closeAccount(ctx, { account: 'Dev', wait: false, timeoutMs: 1_000, dryRun: false }).catch(
      (failure: unknown) => failure,
    );
    expect(host.questions).toEqual([expect.stringMatching(/^Close Dev \(/)]);
    expect(error).toMatchObject({ code: 'cancelled', exitCode: 1, message: 'cancelled; nothing was changed' });
    expect(ctx.aws.calls.snapshot().writes).toBe(0);
  });
});
