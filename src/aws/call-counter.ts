/** Operations that only read; everything else counts as a write. */
const READ_PREFIXES =
  /^(Describe|List|Get|Lookup|Search|Scan|Query|BatchGet|Simulate|Test|Head|Validate|Preview|Check)/;

/** Calls that change nothing in AWS although their names do not say so: taking a role issues credentials. */
const NON_MUTATING = new Set([
  'AssumeRole',
  'AssumeRoleWithSAML',
  'AssumeRoleWithWebIdentity',
  'DecodeAuthorizationMessage',
]);

export function isReadOperation(operation: string): boolean {
  return READ_PREFIXES.test(operation) || NON_MUTATING.has(operation);
}

export interface CallCounts {
  total: number;
  reads: number;
  writes: number;
  byOperation: Record<string, number>;
}

/** Counts the API calls this process made (one per logical call, retries not included). */
export class CallCounter {
  private readonly counts = new Map<string, number>();

  record(service: string, operation: string): void {
    const key = `${service}:${operation}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  snapshot(): CallCounts {
    const byOperation = Object.fromEntries([...this.counts.entries()].sort(([a], [b]) => a.localeCompare(b)));
    let reads = 0;
    let writes = 0;
    for (const [key, count] of this.counts) {
      if (isReadOperation(key.slice(key.indexOf(':') + 1))) reads += count;
      else writes += count;
    }
    return { total: reads + writes, reads, writes, byOperation };
  }
}
