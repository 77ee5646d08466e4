import { serviceState, type SandboxState } from '../../state.js';

export interface S3ObjectRecord {
  size: number;
  /** Quoted MD5 of the content, as S3 returns it. */
  etag: string;
  /** SHA-256 of the content: the name of the file holding it under stateDir/s3-objects/. */
  sha256: string;
  lastModified: string;
  contentType?: string;
  metadata?: Record<string, string>;
}

export interface S3BucketRecord {
  name: string;
  accountId: string;
  region: string;
  createdAt: string;
  /** Default encryption algorithm (e.g. aws:kms), when configured. */
  encryption?: string;
  /** The bucket policy as the JSON text it was put with. */
  policy?: string;
  objects: Record<string, S3ObjectRecord>;
}

/** Bucket names are global, as in S3: state.services.s3.buckets[NAME]. */
export interface S3State {
  buckets: Record<string, S3BucketRecord>;
}

export function s3State(state: SandboxState): S3State {
  return serviceState<S3State>(state, 's3', () => ({ buckets: {} }));
}

export function findBucket(state: SandboxState, name: string): S3BucketRecord | undefined {
  return s3State(state).buckets[name];
}

/** Creates a bucket for an account (CreateBucket, CloudFormation's AWS::S3::Bucket, seeds); an existing one is returned as it is. */
export function putBucket(
  state: SandboxState,
  bucket: Omit<S3BucketRecord, 'objects'>,
): { bucket: S3BucketRecord; created: boolean } {
  const buckets = s3State(state).buckets;
  const existing = buckets[bucket.name];
  if (existing) return { bucket: existing, created: false };
  const record: S3BucketRecord = { ...bucket, objects: {} };
  buckets[bucket.name] = record;
  return { bucket: record, created: true };
}

export function deleteBucket(state: SandboxState, name: string): void {
  delete s3State(state).buckets[name];
}

/** AWS's rules for general purpose bucket names. */
export function isValidBucketName(name: string): boolean {
  return (
    /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name) &&
    !name.includes('..') &&
    !/^\d+\.\d+\.\d+\.\d+$/.test(name) &&
    !name.startsWith('xn--') &&
    !name.endsWith('-s3alias')
  );
}
