import { serviceState, type SandboxState } from '../../state.js';

/** An S3 bucket: its name is global, its owner one account. */
export interface BucketRecord {
  name: string;
  ownerAccountId: string;
  region: string;
  createdAt: number;
  /** The bucket policy as the JSON text it was put with. */
  policy?: string;
}

/** state.services.s3: buckets by name (the bucket namespace is shared by every account). */
export interface S3State {
  buckets: Record<string, BucketRecord>;
}

export function s3State(state: SandboxState): S3State {
  return serviceState<S3State>(state, 's3', () => ({ buckets: {} }));
}

export function findBucket(state: SandboxState, name: string): BucketRecord | undefined {
  return s3State(state).buckets[name];
}

/** Creates a bucket directly in the state (for seeds); returns the existing one if the name is taken. */
export function ensureBucket(state: SandboxState, bucket: Omit<BucketRecord, 'createdAt'> & { createdAt?: number }): { bucket: BucketRecord; created: boolean } {
  const existing = findBucket(state, bucket.name);
  if (existing) return { bucket: existing, created: false };
  const record: BucketRecord = { ...bucket, createdAt: bucket.createdAt ?? Date.now() };
  s3State(state).buckets[bucket.name] = record;
  return { bucket: record, created: true };
}

/** AWS's rules for bucket names (general purpose buckets). */
export function isValidBucketName(name: string): boolean {
  return (
    /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name) &&
    !name.includes('..') &&
    !/^\d+\.\d+\.\d+\.\d+$/.test(name) &&
    !name.startsWith('xn--') &&
    !name.endsWith('-s3alias')
  );
}
