import { SandboxServiceError } from '../../errors.js';
import type { HandlerContext, OperationHandler, OperationInput } from '../../types.js';
import { findBucket, isValidBucketName, s3State, type BucketRecord } from './model.js';

function bucketName(input: OperationInput): string {
  return String(input.Bucket ?? '');
}

function noSuchBucket(name: string): SandboxServiceError {
  return new SandboxServiceError('NoSuchBucket', 'The specified bucket does not exist', { status: 404, extra: { BucketName: name } });
}

function accessDenied(): SandboxServiceError {
  return new SandboxServiceError('AccessDenied', 'Access Denied', { status: 403 });
}

/** The bucket, which the caller's account must own (bucket policies granting other accounts are not modelled). */
function ownedBucket(input: OperationInput, ctx: HandlerContext): BucketRecord {
  const name = bucketName(input);
  const bucket = findBucket(ctx.state, name);
  if (!bucket) throw noSuchBucket(name);
  if (bucket.ownerAccountId !== ctx.caller.accountId) throw accessDenied();
  const expectedOwner = input.ExpectedBucketOwner;
  if (typeof expectedOwner === 'string' && expectedOwner !== bucket.ownerAccountId) throw accessDenied();
  return bucket;
}

function locationConstraint(input: OperationInput): string | undefined {
  const configuration = input.CreateBucketConfiguration;
  if (typeof configuration !== 'object' || configuration === null) return undefined;
  const constraint = (configuration as Record<string, unknown>).LocationConstraint;
  return typeof constraint === 'string' && constraint !== '' ? constraint : undefined;
}

const createBucket: OperationHandler = (input, ctx) => {
  const name = bucketName(input);
  if (!isValidBucketName(name)) throw new SandboxServiceError('InvalidBucketName', 'The specified bucket is not valid.', { extra: { BucketName: name } });
  const constraint = locationConstraint(input);
  const region = constraint ?? 'us-east-1';
  if (region !== ctx.region) {
    throw new SandboxServiceError(
      'IllegalLocationConstraintException',
      constraint === undefined
        ? 'The unspecified location constraint is incompatible for the region specific endpoint this request was sent to.'
        : `The ${constraint} location constraint is incompatible for the region specific endpoint this request was sent to.`,
    );
  }
  const existing = findBucket(ctx.state, name);
  if (existing && existing.ownerAccountId !== ctx.caller.accountId) {
    throw new SandboxServiceError(
      'BucketAlreadyExists',
      'The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.',
      { status: 409, extra: { BucketName: name } },
    );
  }
  // Outside us-east-1 AWS refuses to create a bucket twice; us-east-1 answers 200 for historical reasons.
  if (existing && ctx.region !== 'us-east-1') {
    throw new SandboxServiceError('BucketAlreadyOwnedByYou', 'Your previous request to create the named bucket succeeded and you already own it.', {
      status: 409,
      extra: { BucketName: name },
    });
  }
  if (!existing) s3State(ctx.state).buckets[name] = { name, ownerAccountId: ctx.caller.accountId, region, createdAt: ctx.now() };
  return { Location: `/${name}`, BucketArn: `arn:aws:s3:::${name}` };
};

const headBucket: OperationHandler = (input, ctx) => {
  const bucket = ownedBucket(input, ctx);
  return { BucketRegion: bucket.region, BucketArn: `arn:aws:s3:::${bucket.name}` };
};

const getBucketPolicy: OperationHandler = (input, ctx) => {
  const bucket = ownedBucket(input, ctx);
  if (bucket.policy === undefined) {
    throw new SandboxServiceError('NoSuchBucketPolicy', 'The bucket policy does not exist', { status: 404, extra: { BucketName: bucket.name } });
  }
  return { Policy: bucket.policy };
};

const putBucketPolicy: OperationHandler = (input, ctx) => {
  const bucket = ownedBucket(input, ctx);
  const policy = typeof input.Policy === 'string' ? input.Policy : '';
  let parsed: unknown;
  try {
    parsed = JSON.parse(policy);
  } catch {
    parsed = undefined;
  }
  if (!policy.trimStart().startsWith('{') || typeof parsed !== 'object' || parsed === null) {
    throw new SandboxServiceError('MalformedPolicy', "Policies must be valid JSON and the first byte must be '{'");
  }
  if (!('Statement' in parsed)) throw new SandboxServiceError('MalformedPolicy', 'Missing required field Statement');
  bucket.policy = policy;
  return {};
};

const deleteBucketPolicy: OperationHandler = (input, ctx) => {
  delete ownedBucket(input, ctx).policy;
  return {};
};

/** The bucket operations awsarch needs: existence and the bucket policy. */
export const bucketOperations: Record<string, OperationHandler> = {
  CreateBucket: createBucket,
  HeadBucket: headBucket,
  GetBucketPolicy: getBucketPolicy,
  PutBucketPolicy: putBucketPolicy,
  DeleteBucketPolicy: deleteBucketPolicy,
};
