import { createHash } from 'node:crypto';
import type { TargetRef } from './model.js';

/** Stable keys of changes: the same thing to do gets the same key in every plan. */
export const keys = {
  organization: 'organization',
  enableScps: 'scps:enable',
  ou: (path: readonly string[]) => `ou:${path.join('/')}`,
  ouTag: (path: readonly string[]) => `ou:${path.join('/')}:tag`,
  account: (name: string) => `account:${name}`,
  accountMove: (name: string) => `account:${name}:move`,
  accountTags: (name: string) => `account:${name}:tags`,
  scp: (name: string) => `scp:${name}`,
  scpTarget: (target: TargetRef) =>
    `scp-target:${target.type === 'root' ? 'root' : target.type === 'ou' ? target.path.join('/') : `account:${target.name}`}`,
  transitGateway: 'prerequisite:transit-gateway',
  bucket: 'prerequisite:log-archive-bucket',
  baseline: (account: string) => `baseline:${account}`,
  pruneAccount: (name: string) => `prune:account:${name}`,
  closeAccount: (name: string) => `prune:close:${name}`,
  deleteOu: (path: readonly string[]) => `prune:ou:${path.join('/')}`,
  deleteScp: (name: string) => `prune:scp:${name}`,
} as const;

/** JSON with object keys sorted, so equal data always gives equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : item,
  );
}

/** A short digest of data (the first 16 hex digits of its SHA-256). */
export function digestOf(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex').slice(0, 16);
}

const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u;

/** The awsarch:ou tag value of an OU path: the path itself when it is a valid tag value, else its digest. */
export function ouTagValue(path: readonly string[]): string {
  const text = path.length === 0 ? '/' : path.join('/');
  return TAG_VALUE.test(text) ? text : `sha:${digestOf(text)}`;
}

/** The awsarch:sha tag value of an SCP: a digest of what awsarch uploads. */
export function scpContentDigest(content: string, description: string): string {
  return digestOf({ content, description });
}
