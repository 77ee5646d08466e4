import { DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DescribeOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { describe, expect, test } from 'vitest';
import { clientConfig, failureOf, startTestSandbox } from './helpers.js';

describe('a request signed for a Region AWS does not have', () => {
  test('is refused as AWS refuses a credential scoped to no valid Region, in each protocol; real Regions pass', async () => {
    const sandbox = await startTestSandbox();
    const nowhere = { ...clientConfig(sandbox, {}), region: 'eu-wst-1' };
    const query = await failureOf(new STSClient(nowhere).send(new GetCallerIdentityCommand({})));
    expect([query.name, query.message, query.$metadata.httpStatusCode]).toEqual([
      'SignatureDoesNotMatch',
      "Credential should be scoped to a valid region, not 'eu-wst-1'.",
      403,
    ]);
    const json = await failureOf(new OrganizationsClient(nowhere).send(new DescribeOrganizationCommand({})));
    expect([json.name, json.$metadata.httpStatusCode]).toEqual(['InvalidSignatureException', 400]);
    const ec2 = await failureOf(new EC2Client(nowhere).send(new DescribeVpcsCommand({})));
    expect(ec2.name).toBe('AuthFailure');
    expect(sandbox.calls.at(-1)).toMatchObject({ service: 'ec2', errorCode: 'AuthFailure', accountId: '' });

    for (const region of ['eu-west-1', 'ap-southeast-2', 'us-gov-west-1', 'cn-north-1']) {
      const identity = await new STSClient({ ...clientConfig(sandbox, {}), region }).send(
        new GetCallerIdentityCommand({}),
      );
      expect(identity.Account, region).toMatch(/^\d{12}$/);
    }
  });
});
