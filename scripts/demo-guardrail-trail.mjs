#!/usr/bin/env node
// A demo step: a developer in an account (a role created for the occasion, assumed from the management
// account) tries to stop the CloudTrail trail the baseline created. PreventSecurityChanges spares only
// the break-glass and pipeline roles, so the sandbox denies it as AWS would. Exits 0 when the call is
// denied by a service control policy, 1 otherwise (the guardrail would not be working).
import { CloudTrailClient, DescribeTrailsCommand, StopLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { attachSandbox, SANDBOX_CREDENTIALS, SANDBOX_MANAGEMENT_ACCOUNT_ID } from '../dist/sandbox/index.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const stateDir = process.env.AWSARCH_SANDBOX_DIR ?? '.awsarch/sandbox';
const accountName = process.argv[2] ?? 'Dev';
const sandbox = await attachSandbox({ stateDir });
const config = (credentials) => ({ endpoint: sandbox.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
const keys = ({ Credentials }) => ({ accessKeyId: Credentials.AccessKeyId, secretAccessKey: Credentials.SecretAccessKey, sessionToken: Credentials.SessionToken });
const sts = new STSClient(config(SANDBOX_CREDENTIALS));

/** AssumeRole, retried while a new role propagates (IAM is eventually consistent). */
async function assume(roleArn, sessionName) {
  for (let attempt = 0; ; attempt++) {
    try {
      return keys(await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: sessionName })));
    } catch (error) {
      if (error.name !== 'AccessDenied' || attempt >= 40) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

try {
  const { Accounts = [] } = await new OrganizationsClient(config(SANDBOX_CREDENTIALS)).send(new ListAccountsCommand({}));
  const account = Accounts.find((candidate) => candidate.Name === accountName);
  if (!account) throw new Error(`no account named ${accountName}; run the earlier demo steps first`);
  const admin = await assume(`arn:aws:iam::${account.Id}:role/OrganizationAccountAccessRole`, 'demo-admin');
  const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${SANDBOX_MANAGEMENT_ACCOUNT_ID}:root` }, Action: 'sts:AssumeRole' }] };
  await new IAMClient(config(admin))
    .send(new CreateRoleCommand({ RoleName: 'Developer', AssumeRolePolicyDocument: JSON.stringify(trust) }))
    .catch((error) => {
      if (error.name !== 'EntityAlreadyExists') throw error;
    });
  const developerArn = `arn:aws:iam::${account.Id}:role/Developer`;
  const developer = new CloudTrailClient(config(await assume(developerArn, 'demo')));
  const { trailList = [] } = await developer.send(new DescribeTrailsCommand({}));
  const trail = trailList.find((candidate) => candidate.HomeRegion === 'us-east-1') ?? trailList[0];
  if (!trail) throw new Error(`${accountName} has no trail; run the baseline step first`);
  process.stdout.write(`As ${developerArn} (session "demo"): cloudtrail:StopLogging on ${trail.TrailARN}\n`);
  try {
    await developer.send(new StopLoggingCommand({ Name: trail.TrailARN }));
    process.stdout.write('allowed: the SCP did not stop it\n');
    process.exitCode = 1;
  } catch (error) {
    process.stdout.write(`${error.name} (HTTP ${error.$metadata?.httpStatusCode}): ${error.message}\n`);
    process.exitCode = /service control policy/.test(error.message) ? 0 : 1;
  }
} finally {
  if (!sandbox.reused) await sandbox.close();
}
