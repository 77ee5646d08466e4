import { STSClient } from '@aws-sdk/client-sts';
import { afterEach, describe, expect, it } from 'vitest';
import { assumedRoleProvider, assumeRole, memberRoleArn } from '../../src/aws/assume-role.js';
import { FakeAws } from './fake-aws.js';

const ROLE = memberRoleArn('222233334444', 'OrganizationAccountAccessRole');
const MINUTE = 60_000;
const made: STSClient[] = [];

/** A real STS client whose HTTP requests the fake answers; time is the test's. */
function setup() {
  const clock = { now: Date.parse('2026-12-01T10:00:00Z') };
  const fake = new FakeAws(() => clock.now);
  const sts = new STSClient({
    region: 'us-east-1',
    endpoint: 'http://sts.test',
    credentials: { accessKeyId: 'AKIACALLER0000000001', secretAccessKey: 'secret' },
    requestHandler: fake.handler,
    maxAttempts: 1,
  });
  made.push(sts);
  const provider = assumedRoleProvider(
    () => sts,
    ROLE,
    () => clock.now,
  );
  return { clock, fake, provider };
}

afterEach(() => {
  for (const sts of made.splice(0)) sts.destroy();
});

describe('member-account credentials (assumedRoleProvider)', () => {
  it('names the role by account and role name, in the partition given', () => {
    expect(ROLE).toBe('arn:aws:iam::222233334444:role/OrganizationAccountAccessRole');
    expect(memberRoleArn('222233334444', 'Admin', 'aws-us-gov')).toBe('arn:aws-us-gov:iam::222233334444:role/Admin');
  });

  it('assumes the role on first use and reuses the session while more than five minutes are left', async () => {
    const { clock, fake, provider } = setup();
    const first = await provider();
    expect(first).toMatchObject({ accessKeyId: 'ASIA2222333344441', sessionToken: 'token-1' });
    expect(first.expiration?.toISOString()).toBe('2026-12-01T11:00:00.000Z');
    clock.now += 55 * MINUTE - 1; // five minutes and a millisecond left
    expect(await provider()).toBe(first);
    expect(fake.sent('AssumeRole')).toHaveLength(1);
  });

  it('renews it when five minutes or less are left, and then uses the new session', async () => {
    const { clock, fake, provider } = setup();
    await provider();
    clock.now += 55 * MINUTE;
    const renewed = await provider();
    expect(renewed.accessKeyId).toBe('ASIA2222333344442');
    expect(renewed.expiration?.toISOString()).toBe('2026-12-01T11:55:00.000Z');
    clock.now += 10 * MINUTE;
    expect(await provider()).toBe(renewed);
    expect(fake.sent('AssumeRole')).toHaveLength(2);
  });

  it('makes one AssumeRole call for callers that ask at the same time, at first use and at renewal', async () => {
    const { clock, fake, provider } = setup();
    const firstRound = await Promise.all([provider(), provider(), provider(), provider()]);
    expect(new Set(firstRound.map((credentials) => credentials.accessKeyId))).toEqual(new Set(['ASIA2222333344441']));
    clock.now += 58 * MINUTE;
    const renewal = await Promise.all([provider(), provider(), provider()]);
    expect(new Set(renewal.map((credentials) => credentials.accessKeyId))).toEqual(new Set(['ASIA2222333344442']));
    expect(fake.sent('AssumeRole')).toHaveLength(2);
  });

  it('does not remember a failed first call: the next caller tries again', async () => {
    const { fake, provider } = setup();
    fake.answer(() =>
      fake.sent('AssumeRole').length === 1
        ? {
            status: 403,
            headers: { 'content-type': 'text/xml' },
            body: '<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>not authorized to perform sts:AssumeRole</Message></Error><RequestId>r-1</RequestId></ErrorResponse>',
          }
        : undefined,
    );
    await expect(provider()).rejects.toMatchObject({ name: 'AccessDenied' });
    expect((await provider()).sessionToken).toBe('token-1');
    expect(fake.sent('AssumeRole')).toHaveLength(2);
  });

  it('keeps using a session whose renewal failed until it really expires, then reports the failure', async () => {
    const { clock, fake, provider } = setup();
    const first = await provider();
    fake.answer(() => ({ status: 503, headers: { 'content-type': 'text/xml' }, body: '' }));
    clock.now += 57 * MINUTE;
    expect(await provider()).toBe(first);
    clock.now += 3 * MINUTE;
    await expect(provider()).rejects.toBeDefined();
    expect(fake.sent('AssumeRole')).toHaveLength(3);
  });

  it('refuses an answer without credentials', async () => {
    const { fake } = setup();
    fake.answer((request) =>
      request.operation === 'AssumeRole'
        ? {
            status: 200,
            headers: { 'content-type': 'text/xml' },
            body: '<AssumeRoleResponse><AssumeRoleResult></AssumeRoleResult></AssumeRoleResponse>',
          }
        : undefined,
    );
    await expect(assumeRole(made[0] as STSClient, ROLE)).rejects.toThrow(/returned no credentials/);
  });
});
