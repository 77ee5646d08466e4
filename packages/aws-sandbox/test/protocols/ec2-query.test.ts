import { CreateVpcCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  CreateOrganizationCommand,
  CreateAccountCommand,
  DescribeCreateAccountStatusCommand,
} from '@aws-sdk/client-organizations';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { describe, expect, test } from 'vitest';
import { SandboxServiceError } from '../../src/errors.js';
import { ec2QueryProtocol } from '../../src/protocols/ec2-query.js';
import { ec2TestService } from '../fixtures/test-services.js';
import {
  clientConfig,
  failureOf,
  organizationsClient,
  startSandboxWithServices,
  stsClient,
  type ClientOptions,
} from '../helpers.js';

const ec2 = (sandbox: { endpoint: string }, options: ClientOptions = {}) =>
  new EC2Client(clientConfig(sandbox, options));

describe('ec2Query with the real EC2 client', () => {
  test('list parameters (TagSpecification.N.Tag.N, Filter.N.Value.N, VpcId.N) arrive as arrays; <item> lists parse', async () => {
    const sandbox = await startSandboxWithServices([ec2TestService]);
    const client = ec2(sandbox);
    const { Vpc } = await client.send(
      new CreateVpcCommand({
        CidrBlock: '10.0.0.0/16',
        TagSpecifications: [
          {
            ResourceType: 'vpc',
            Tags: [
              { Key: 'env', Value: 'prod' },
              { Key: 'team', Value: 'net' },
            ],
          },
        ],
      }),
    );
    expect(Vpc).toMatchObject({ CidrBlock: '10.0.0.0/16', State: 'available', OwnerId: '123456789012' });
    expect(Vpc?.Tags).toEqual([
      { Key: 'env', Value: 'prod' },
      { Key: 'team', Value: 'net' },
    ]);
    await client.send(new CreateVpcCommand({ CidrBlock: '10.1.0.0/16' }));

    const all = await client.send(new DescribeVpcsCommand({}));
    expect(all.Vpcs?.map((vpc) => vpc.CidrBlock)).toEqual(['10.0.0.0/16', '10.1.0.0/16']);
    expect(all.Vpcs?.[1]?.IsDefault).toBe(false);
    const filtered = await client.send(
      new DescribeVpcsCommand({ Filters: [{ Name: 'tag:env', Values: ['dev', 'prod'] }] }),
    );
    expect(filtered.Vpcs?.map((vpc) => vpc.VpcId)).toEqual([Vpc?.VpcId]);
    const byId = await client.send(new DescribeVpcsCommand({ VpcIds: [Vpc?.VpcId ?? ''] }));
    expect(byId.Vpcs).toHaveLength(1);
    expect(sandbox.calls.at(-1)).toEqual({ service: 'ec2', operation: 'DescribeVpcs', accountId: '123456789012' });
  });

  test('errors arrive as <Response><Errors><Error> with code and message', async () => {
    const sandbox = await startSandboxWithServices([ec2TestService]);
    const error = await failureOf(ec2(sandbox).send(new DescribeVpcsCommand({ VpcIds: ['vpc-0000'] })));
    expect(error.name).toBe('InvalidVpcID.NotFound');
    expect(error.message).toBe("The vpc ID 'vpc-0000' does not exist");
    expect(error.$metadata.httpStatusCode).toBe(400);
    expect(error.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('requests are scoped to the account of assumed-role credentials; unknown session keys are AuthFailure', async () => {
    const sandbox = await startSandboxWithServices([ec2TestService]);
    await ec2(sandbox).send(new CreateVpcCommand({ CidrBlock: '10.9.0.0/16' }));
    const organizations = organizationsClient(sandbox);
    await organizations.send(new CreateOrganizationCommand({}));
    const { CreateAccountStatus } = await organizations.send(
      new CreateAccountCommand({ Email: 'net@example.com', AccountName: 'net' }),
    );
    const accountId = (
      await organizations.send(
        new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: CreateAccountStatus?.Id }),
      )
    ).CreateAccountStatus?.AccountId;
    const { Credentials } = await stsClient(sandbox).send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${accountId}:role/OrganizationAccountAccessRole`,
        RoleSessionName: 'net',
      }),
    );
    const member = ec2(sandbox, {
      credentials: {
        accessKeyId: Credentials?.AccessKeyId ?? '',
        secretAccessKey: Credentials?.SecretAccessKey ?? '',
        sessionToken: Credentials?.SessionToken,
      },
    });
    expect((await member.send(new DescribeVpcsCommand({}))).Vpcs).toEqual([]);
    const unknown = await failureOf(
      ec2(sandbox, {
        credentials: { accessKeyId: 'ASIANOTISSUED0000000', secretAccessKey: 'x', sessionToken: 'y' },
      }).send(new DescribeVpcsCommand({})),
    );
    expect(unknown.name).toBe('AuthFailure');
    expect(unknown.$metadata.httpStatusCode).toBe(401);
  });

  test('the wire format: root element with requestId and no Result wrapper; errors with RequestID', () => {
    const output = ec2QueryProtocol.encodeOutput(
      ec2TestService,
      'DescribeVpcs',
      { vpcSet: [{ vpcId: 'vpc-1' }] },
      'r-1',
    );
    expect(output.body).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<DescribeVpcsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r-1</requestId>' +
        '<vpcSet><item><vpcId>vpc-1</vpcId></item></vpcSet></DescribeVpcsResponse>',
    );
    const error = ec2QueryProtocol.encodeError(
      ec2TestService,
      new SandboxServiceError('UnauthorizedOperation', 'no', { status: 403 }),
      'r-2',
    );
    expect(error.status).toBe(403);
    expect(error.body).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>no</Message></Error></Errors>' +
        '<RequestID>r-2</RequestID></Response>',
    );
  });
});
