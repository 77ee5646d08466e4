#!/usr/bin/env node
// A demo step: a developer in an account (a role created for the occasion, assumed from the management
// account, with AWS's PowerUserAccess) tries to stop the CloudTrail trail the baseline created. Its own
// policy allows it; PreventSecurityChanges spares only the break-glass and pipeline roles, so the sandbox
// denies it as AWS would. Exits 0 when the call is
// denied by a service control policy, 1 otherwise (the guardrail would not be working).
import { CloudTrailClient, DescribeTrailsCommand, StopLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { AttachRolePolicyCommand, CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { SANDBOX_MANAGEMENT_ACCOUNT_ID } from '@awsarch/aws-sandbox';
import { openDemoSandbox } from './demo-aws.mjs';

const demo = await openDemoSandbox();
try {
  const accountName = process.argv[2] ?? 'Dev';
  const accountId = await demo.accountId(accountName);
  const admin = await demo.assume(`arn:aws:iam::${accountId}:role/OrganizationAccountAccessRole`, 'demo-admin');
  const trust = {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${SANDBOX_MANAGEMENT_ACCOUNT_ID}:root` },
        Action: 'sts:AssumeRole',
      },
    ],
  };
  const iam = new IAMClient(demo.config(admin));
  await iam
    .send(new CreateRoleCommand({ RoleName: 'Developer', AssumeRolePolicyDocument: JSON.stringify(trust) }))
    .catch((error) => {
      if (!/^EntityAlreadyExists/.test(error.name)) throw error;
    });
  await iam.send(
    new AttachRolePolicyCommand({ RoleName: 'Developer', PolicyArn: 'arn:aws:iam::aws:policy/PowerUserAccess' }),
  );
  const developerArn = `arn:aws:iam::${accountId}:role/Developer`;
  const developer = new CloudTrailClient(demo.config(await demo.assume(developerArn, 'demo')));
  const { trailList = [] } = await developer.send(new DescribeTrailsCommand({}));
  const trail = trailList.find((candidate) => candidate.HomeRegion === 'us-east-1') ?? trailList[0];
  if (!trail) throw new Error(`${accountName} has no trail; run the baseline step first`);
  process.stdout.write(`As ${developerArn} (session "demo"): cloudtrail:StopLogging on ${trail.TrailARN}\n`);
  await demo.expectScpDenial(() => developer.send(new StopLoggingCommand({ Name: trail.TrailARN })));
} finally {
  await demo.close();
}
