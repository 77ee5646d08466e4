import { DescribeOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterEach, describe, expect, it } from 'vitest';
import { AwsClients, type AwsTarget } from '../../src/aws/clients.js';
import { FakeAws, jsonError } from './fake-aws.js';

const MEMBER = '222233334444';
const OTHER_MEMBER = '555566667777';
const made: AwsClients[] = [];

function clients(fake: FakeAws, target: Partial<AwsTarget> = {}): AwsClients {
  const aws = new AwsClients({
    region: 'eu-west-1',
    endpoint: 'http://aws.test:4566',
    credentials: { accessKeyId: 'AKIAMANAGEMENT000001', secretAccessKey: 'secret' },
    accessRole: 'OrganizationAccountAccessRole',
    userAgent: 'awsarch/9.9.9',
    maxAttempts: 1,
    clientConfig: { requestHandler: fake.handler },
    ...target,
  });
  made.push(aws);
  return aws;
}

afterEach(() => {
  for (const aws of made.splice(0)) aws.destroy();
});

describe('AwsClients, the one client factory', () => {
  it('shares one client per class, region and configuration', () => {
    const aws = clients(new FakeAws());
    const sts = aws.client(STSClient);
    expect(aws.client(STSClient)).toBe(sts);
    expect(aws.client(STSClient, { region: 'us-east-1' })).not.toBe(sts);
    expect(aws.client(STSClient, { region: 'us-east-1' })).toBe(aws.client(STSClient, { region: 'us-east-1' }));
    expect(aws.client(STSClient, { config: { maxAttempts: 2 } })).not.toBe(sts);
    expect(aws.client(OrganizationsClient)).not.toBe(sts);
  });

  it('sends every call to the endpoint, signed for its region with the given credentials, with the user agent', async () => {
    const fake = new FakeAws();
    const aws = clients(fake);
    await aws.client(STSClient).send(new GetCallerIdentityCommand({}));
    await aws.client(STSClient, { region: 'ap-southeast-2' }).send(new GetCallerIdentityCommand({}));
    expect(
      fake.requests.map(({ hostname, accessKeyId, signedRegion }) => [hostname, accessKeyId, signedRegion]),
    ).toEqual([
      ['aws.test', 'AKIAMANAGEMENT000001', 'eu-west-1'],
      ['aws.test', 'AKIAMANAGEMENT000001', 'ap-southeast-2'],
    ]);
    expect(fake.requests[0]?.userAgent).toContain('awsarch/9.9.9');
  });

  it('counts every call once (reads and writes) and reports it with its request id or error', async () => {
    const fake = new FakeAws();
    const calls: Array<Record<string, unknown>> = [];
    const aws = clients(fake, { onCall: (call) => calls.push(call) });
    fake.answer((request) =>
      request.operation === 'DescribeOrganization' && fake.sent('DescribeOrganization').length === 2
        ? jsonError(400, 'AWSOrganizationsNotInUseException', 'not in an organization')
        : undefined,
    );
    const orgs = aws.client(OrganizationsClient);
    await orgs.send(new DescribeOrganizationCommand({}));
    await expect(orgs.send(new DescribeOrganizationCommand({}))).rejects.toMatchObject({
      name: 'AWSOrganizationsNotInUseException',
    });
    const timing = { startedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), ms: expect.any(Number) };
    expect(calls).toEqual([
      {
        service: 'Organizations',
        operation: 'DescribeOrganization',
        accountId: undefined,
        requestId: 'req-1',
        ...timing,
      },
      {
        service: 'Organizations',
        operation: 'DescribeOrganization',
        accountId: undefined,
        requestId: 'err-AWSOrganizationsNotInUseException',
        error: 'AWSOrganizationsNotInUseException',
        ...timing,
      },
    ]);
    expect(aws.calls.snapshot()).toMatchObject({ total: 2, reads: 2, writes: 0 });
  });

  it('retries throttling up to maxAttempts and counts the call once', async () => {
    const fake = new FakeAws();
    const aws = clients(fake, { maxAttempts: 3 });
    fake.answer((request) =>
      fake.sent(request.operation).length < 3 ? jsonError(400, 'TooManyRequestsException', 'slow down') : undefined,
    );
    const output = await aws.client(OrganizationsClient).send(new DescribeOrganizationCommand({}));
    expect(output.Organization?.Id).toBe('o-exampleorg1');
    expect(fake.sent('DescribeOrganization')).toHaveLength(3);
    expect(aws.calls.snapshot().total).toBe(1);
    expect(aws.callCounts()).toMatchObject({ total: 1, attempts: 3, throttled: 2 });
  }, 20_000);

  it('reaches a member account through its access role: AssumeRole once, then calls signed with its session', async () => {
    const fake = new FakeAws();
    const calls: Array<{ operation: string; accountId?: string }> = [];
    const aws = clients(fake, { accessRole: 'PlatformAdmin', onCall: (call) => calls.push(call) });
    const member = aws.forAccount(MEMBER);
    expect(member.accountId).toBe(MEMBER);
    expect(aws.forAccount(MEMBER)).toBe(member);
    expect(member.forAccount(MEMBER)).toBe(member);
    expect(member.forAccount(OTHER_MEMBER)).toBe(aws.forAccount(OTHER_MEMBER));

    const first = await member.client(STSClient).send(new GetCallerIdentityCommand({}));
    await member.client(OrganizationsClient).send(new DescribeOrganizationCommand({}));
    expect(first.Account).toBe(MEMBER);
    const [assume] = fake.sent('AssumeRole');
    expect(fake.sent('AssumeRole')).toHaveLength(1);
    expect(decodeURIComponent(assume?.body ?? '')).toContain(`RoleArn=arn:aws:iam::${MEMBER}:role/PlatformAdmin`);
    expect(decodeURIComponent(assume?.body ?? '')).toContain('RoleSessionName=awsarch');
    // AssumeRole is made with the caller's credentials, the member's calls with the session's.
    expect(assume?.accessKeyId).toBe('AKIAMANAGEMENT000001');
    expect(fake.requests.filter((request) => request.operation !== 'AssumeRole').map((r) => r.accessKeyId)).toEqual([
      `ASIA${MEMBER}1`,
      `ASIA${MEMBER}1`,
    ]);
    // One counter for the whole run, member accounts included; calls say which account they acted in.
    expect(aws.calls.snapshot()).toMatchObject({ total: 3, reads: 3 });
    expect(calls.map((call) => [call.operation, call.accountId])).toEqual([
      ['AssumeRole', undefined],
      ['GetCallerIdentity', MEMBER],
      ['DescribeOrganization', MEMBER],
    ]);
  });

  it('renews a member session five minutes before it expires (fake clock)', async () => {
    let now = Date.parse('2026-12-01T10:00:00Z');
    const fake = new FakeAws(() => now);
    const member = clients(fake, { now: () => now }).forAccount(MEMBER);
    const sts = member.client(STSClient);
    const caller = async () => (await sts.send(new GetCallerIdentityCommand({}))).$metadata.httpStatusCode;
    await caller();
    now += 54 * 60_000; // 6 minutes left: the session is still used
    await caller();
    expect(fake.sent('AssumeRole')).toHaveLength(1);
    now += 2 * 60_000; // 4 minutes left: renewed before the call
    await caller();
    expect(fake.sent('AssumeRole')).toHaveLength(2);
    expect(fake.sent('GetCallerIdentity').map((request) => request.accessKeyId)).toEqual([
      `ASIA${MEMBER}1`,
      `ASIA${MEMBER}1`,
      `ASIA${MEMBER}2`,
    ]);
  });

  it('destroy releases every client, member accounts included', async () => {
    const aws = clients(new FakeAws());
    const member = aws.forAccount(MEMBER);
    const memberSts = member.client(STSClient);
    const sts = aws.client(STSClient);
    aws.destroy();
    expect(aws.client(STSClient)).not.toBe(sts);
    expect(aws.forAccount(MEMBER)).not.toBe(member);
    expect(member.client(STSClient)).not.toBe(memberSts);
  });
});
