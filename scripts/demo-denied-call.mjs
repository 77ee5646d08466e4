#!/usr/bin/env node
// A demo step: Dev's administrator (OrganizationAccountAccessRole, assumed from the management
// account) tries to take Dev out of the organization. The sandbox enforces the SCPs applied by the
// previous step, so PreventSecurityChanges denies it the way AWS would. Exits 0 when the call is
// denied by an SCP, 1 otherwise (the guardrail would not be working).
import { LeaveOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { openDemoSandbox } from './demo-aws.mjs';

const demo = await openDemoSandbox();
try {
  const roleArn = `arn:aws:iam::${await demo.accountId(process.argv[2] ?? 'Dev')}:role/OrganizationAccountAccessRole`;
  const member = new OrganizationsClient(demo.config(await demo.assume(roleArn, 'demo')));
  process.stdout.write(`As ${roleArn} (session "demo"): organizations:LeaveOrganization\n`);
  await demo.expectScpDenial(() => member.send(new LeaveOrganizationCommand({})));
} finally {
  await demo.close();
}
