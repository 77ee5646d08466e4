import type { SandboxState } from '../../state.js';
import { servicePrincipalAllows } from '../../service-principal-policy.js';
import { findBucket } from './model.js';

/** A request an AWS service makes against a bucket, as a bucket policy sees it. */
export interface ServiceBucketRequest {
  /** e.g. cloudtrail.amazonaws.com */
  servicePrincipal: string;
  /** e.g. s3:PutObject */
  action: string;
  /** arn:aws:s3:::bucket or arn:aws:s3:::bucket/key */
  resource: string;
  /** Condition keys the service sends, e.g. aws:SourceAccount, aws:SourceOrgID, aws:SourceArn, s3:x-amz-acl. */
  context: Record<string, string>;
}

/** Whether a bucket's policy lets an AWS service principal make a request (see service-principal-policy.ts). */
export function bucketPolicyAllows(state: SandboxState, bucketName: string, request: ServiceBucketRequest): boolean {
  return servicePrincipalAllows(findBucket(state, bucketName)?.policy, request);
}

/** The write a service checks before it delivers logs: GetBucketAcl on the bucket and PutObject under the prefix. */
export function bucketAcceptsServiceLogs(
  state: SandboxState,
  bucketName: string,
  delivery: { servicePrincipal: string; objectKey: string; context: Record<string, string> },
): boolean {
  const bucketArn = `arn:aws:s3:::${bucketName}`;
  const base = { servicePrincipal: delivery.servicePrincipal, context: delivery.context };
  return (
    bucketPolicyAllows(state, bucketName, { ...base, action: 's3:GetBucketAcl', resource: bucketArn }) &&
    bucketPolicyAllows(state, bucketName, {
      ...base,
      action: 's3:PutObject',
      resource: `${bucketArn}/${delivery.objectKey}`,
    })
  );
}
