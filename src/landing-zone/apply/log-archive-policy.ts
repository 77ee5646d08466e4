interface Statement {
  Sid?: string;
  [key: string]: unknown;
}

/**
 * The statements that let CloudTrail and AWS Config of every account of the organization deliver to
 * the log-archive bucket (AWS's documented bucket policies for each service, scoped to the
 * organization with aws:SourceOrgID and to objects written with bucket-owner-full-control).
 */
export function deliveryStatements(bucket: string, organizationId: string, keyPrefix?: string): Statement[] {
  const prefix = keyPrefix ? `${keyPrefix}/` : '';
  const inOrganization = { 'aws:SourceOrgID': organizationId };
  const ownerControl = { 's3:x-amz-acl': 'bucket-owner-full-control', ...inOrganization };
  return [
    {
      Sid: 'AWSCloudTrailAclCheck',
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 's3:GetBucketAcl',
      Resource: `arn:aws:s3:::${bucket}`,
      Condition: { StringEquals: inOrganization },
    },
    {
      Sid: 'AWSCloudTrailWrite',
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: `arn:aws:s3:::${bucket}/${prefix}AWSLogs/*`,
      Condition: { StringEquals: ownerControl },
    },
    {
      Sid: 'AWSConfigBucketPermissionsCheck',
      Effect: 'Allow',
      Principal: { Service: 'config.amazonaws.com' },
      Action: ['s3:GetBucketAcl', 's3:ListBucket'],
      Resource: `arn:aws:s3:::${bucket}`,
      Condition: { StringEquals: inOrganization },
    },
    {
      Sid: 'AWSConfigBucketDelivery',
      Effect: 'Allow',
      Principal: { Service: 'config.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: `arn:aws:s3:::${bucket}/${prefix}AWSLogs/*/Config/*`,
      Condition: { StringEquals: ownerControl },
    },
  ];
}

/**
 * Pure: the bucket's policy with the delivery statements in it: statements of the same Sid are
 * replaced, every other statement (the log-archive team's own) is kept as it is.
 */
export function withDeliveryStatements(existing: string | undefined, statements: readonly Statement[]): string {
  let document: { Version?: string; Statement?: unknown } = {};
  if (existing) {
    try {
      document = JSON.parse(existing) as typeof document;
    } catch {
      document = {};
    }
  }
  const current = ([] as Statement[]).concat((document.Statement as Statement[] | Statement | undefined) ?? []);
  const ours = new Set(statements.map((statement) => statement.Sid));
  return JSON.stringify({
    ...document,
    Version: document.Version ?? '2012-10-17',
    Statement: [...current.filter((statement) => !ours.has(statement.Sid)), ...statements],
  });
}
