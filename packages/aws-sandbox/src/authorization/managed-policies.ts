import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageDataPath } from '../data-files.js';

/**
 * AWS managed policies the sandbox knows the documents of: data/managed-policies/<Name>.json, the current
 * default version as AWS publishes it (see scripts/extract-managed-policies.mjs). A role holding any other AWS
 * managed policy is granted nothing by it: the sandbox never guesses a document (README, "What it does not model").
 */
interface ManagedPolicyRecord {
  arn: string;
  versionId: string;
  document: unknown;
}

let byArn: Map<string, ManagedPolicyRecord> | undefined;

function load(): Map<string, ManagedPolicyRecord> {
  if (byArn) return byArn;
  const dir = packageDataPath('managed-policies');
  byArn = new Map();
  for (const name of readdirSync(dir)) {
    if (!name.endsWith('.json')) continue;
    const record = JSON.parse(readFileSync(join(dir, name), 'utf8')) as ManagedPolicyRecord;
    byArn.set(record.arn, record);
  }
  return byArn;
}

/** The document of an AWS managed policy, or undefined when the sandbox does not hold it. */
export function managedPolicyDocument(arn: string): unknown {
  return load().get(arn)?.document;
}

/** The ARNs of the AWS managed policies whose documents the sandbox holds. */
export function knownManagedPolicyArns(): string[] {
  return [...load().keys()];
}
