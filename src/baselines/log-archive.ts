import { GetBucketPolicyCommand, HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { isAwsError, toAwsarchError } from '../aws/aws-errors.js';
import type { LogArchiveParams } from './definition.js';
import { preparedError, type Prepared } from './model.js';
import {
  accountLabel,
  clientsFor,
  fillPlaceholders,
  memoized,
  resolveAccount,
  type BaselineRun,
} from './run-context.js';

/** Where CloudTrail and Config deliver: a bucket in the Log Archive account. */
export interface LogArchive {
  accountId: string;
  bucket: string;
  keyPrefix?: string;
}

interface BucketFacts {
  exists: boolean;
  policy?: string;
}

/** Whether a bucket policy has an Allow statement letting the service principal put objects. */
export function policyGrantsDelivery(policy: string | undefined, servicePrincipal: string): boolean {
  if (!policy) return false;
  try {
    const statements = ([] as unknown[]).concat((JSON.parse(policy) as { Statement?: unknown }).Statement ?? []);
    return statements.some((statement) => {
      const { Effect, Principal, Action } = statement as {
        Effect?: unknown;
        Principal?: { Service?: unknown };
        Action?: unknown;
      };
      const services = ([] as unknown[]).concat(Principal?.Service ?? []);
      const actions = ([] as unknown[]).concat(Action ?? []).map((action) => String(action).toLowerCase());
      return (
        Effect === 'Allow' &&
        services.includes(servicePrincipal) &&
        actions.some((action) => action === 's3:putobject' || action === 's3:*')
      );
    });
  } catch {
    return false;
  }
}

async function readBucket(run: BaselineRun, accountId: string, bucket: string): Promise<BucketFacts> {
  const aws = clientsFor(run, accountId);
  // The sandbox (and any custom endpoint) needs path-style addressing: http://127.0.0.1:port/bucket.
  const s3 = aws.client(S3Client, {
    region: run.baseline.homeRegion,
    config: aws.target.endpoint ? { forcePathStyle: true } : undefined,
  });
  try {
    await s3.send(new HeadBucketCommand({ Bucket: bucket, ExpectedBucketOwner: accountId }));
  } catch (error) {
    if (isAwsError(error, 'NotFound', 'NoSuchBucket')) return { exists: false };
    throw error;
  }
  try {
    const { Policy } = await s3.send(new GetBucketPolicyCommand({ Bucket: bucket, ExpectedBucketOwner: accountId }));
    return { exists: true, policy: Policy };
  } catch (error) {
    if (isAwsError(error, 'NoSuchBucketPolicy')) return { exists: true };
    throw error;
  }
}

/**
 * Checks the log-archive bucket once per session (CloudTrail and Config share it): it exists in the Log
 * Archive account and its policy lets the service deliver. The bucket belongs to whoever runs the log
 * archive, so awsarch reads it and never changes it.
 */
export async function prepareLogArchive(
  run: BaselineRun,
  params: LogArchiveParams,
  servicePrincipal: string,
  serviceName: string,
): Promise<Prepared<LogArchive>> {
  let owner;
  try {
    owner = resolveAccount(run, params.account);
  } catch (error) {
    return preparedError(`Log Archive account: ${(error as Error).message}`);
  }
  const bucket = fillPlaceholders(run, params.bucket);
  const where = `bucket ${bucket} in ${accountLabel(owner)}`;
  let facts: BucketFacts;
  try {
    facts = await memoized(run.session, `bucket:${owner.id}:${bucket}`, () => readBucket(run, owner.id, bucket));
  } catch (error) {
    return preparedError(toAwsarchError(error, `Reading ${where}`).message);
  }
  if (!facts.exists) {
    return preparedError(
      `${where} does not exist; create it with a policy for ${servicePrincipal} (in the sandbox: awsarch sandbox seed network)`,
    );
  }
  if (!policyGrantsDelivery(facts.policy, servicePrincipal)) {
    return preparedError(
      `the policy of ${where} does not let ${servicePrincipal} write; ${serviceName} delivery would fail`,
    );
  }
  return {
    state: 'ok',
    summary: `${where}`,
    differences: [],
    changes: [],
    shared: { accountId: owner.id, bucket, keyPrefix: params.keyPrefix },
  };
}
