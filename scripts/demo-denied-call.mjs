#!/usr/bin/env node
// A demo step: Dev's administrator (OrganizationAccountAccessRole, assumed from the management
// account) tries to take Dev out of the organization. The sandbox enforces the SCPs applied by the
// previous step, so PreventSecurityChanges denies it the way AWS would. Exits 0 when the call is
// denied by an SCP, 1 otherwise (the guardrail would not be working).
import { ListAccountsCommand, LeaveOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { attachSandbox, SANDBOX_CREDENTIALS } from '../dist/sandbox/index.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const stateDir = process.env.AWSARCH_SANDBOX_DIR ?? '.awsarch/sandbox';
const accountName = process.argv[2] ?? 'Dev';
const sandbox = await attachSandbox({ stateDir });
const config = (credentials) => ({ endpoint: sandbox.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
try {
  const management = new OrganizationsClient(config(SANDBOX_CREDENTIALS));
  const { Accounts = [] } = await management.send(new ListAccountsCommand({}));
  const account = Accounts.find((candidate) => candidate.Name === accountName);
  if (!account) throw new Error(`no account named ${accountName}; run the earlier demo steps first`);
  const roleArn = `arn:aws:iam::${account.Id}:role/OrganizationAccountAccessRole`;
  const { Credentials } = await new STSClient(config(SANDBOX_CREDENTIALS)).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'demo' }));
  const member = new OrganizationsClient(config({ accessKeyId: Credentials.AccessKeyId, secretAccessKey: Credentials.SecretAccessKey, sessionToken: Credentials.SessionToken }));
  process.stdout.write(`As ${roleArn} (session "demo"): organizations:LeaveOrganization\n`);
  try {
    await member.send(new LeaveOrganizationCommand({}));
    process.stdout.write('allowed: the SCP did not stop it\n');
    process.exitCode = 1;
  } catch (error) {
    process.stdout.write(`${error.name} (HTTP ${error.$metadata?.httpStatusCode}): ${error.message}\n`);
    process.exitCode = /service control policy/.test(error.message) ? 0 : 1;
  }
} finally {
  if (!sandbox.reused) await sandbox.close();
}
