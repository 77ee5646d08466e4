import type { InvocationOutcome } from '../runtime/invocation.js';

/** How a batch ended: wholly processed, failed from a record on (by index), or failed as a whole. */
export type BatchResult =
  | { readonly kind: 'processed' }
  | {
      readonly kind: 'partial';
      /** The failed record that comes first in the batch (streams resume from it). */
      readonly firstFailed: number;
      /** Every failed record (queues keep exactly these). */
      readonly failed: readonly number[];
    }
  | { readonly kind: 'failed'; readonly reason: string }
  | { readonly kind: 'throttled' };

/**
 * Reads a batch invocation's outcome. With ReportBatchItemFailures, the response's batchItemFailures name
 * records by itemIdentifier (the stream record's SequenceNumber, the queue message's messageId): an empty
 * list (or no list, null, an empty object) means success; Lambda resumes from the failed record that comes
 * first in the batch; an identifier that is empty or not in the batch fails the whole batch. Pure.
 */
export function readBatchResponse(
  outcome: InvocationOutcome,
  reportsItemFailures: boolean,
  identifiers: readonly string[],
): BatchResult {
  if (outcome.kind === 'throttled') return { kind: 'throttled' };
  if (outcome.kind === 'failed')
    return { kind: 'failed', reason: `${outcome.error.errorType}: ${outcome.error.errorMessage}` };
  if (!reportsItemFailures) return { kind: 'processed' };
  let response: unknown;
  try {
    response = JSON.parse(outcome.payload);
  } catch {
    return { kind: 'processed' };
  }
  const failures = (response as { batchItemFailures?: unknown } | null)?.batchItemFailures;
  if (failures === undefined || failures === null) return { kind: 'processed' };
  if (!Array.isArray(failures)) return { kind: 'failed', reason: 'batchItemFailures is not a list' };
  if (failures.length === 0) return { kind: 'processed' };
  const failed: number[] = [];
  for (const failure of failures) {
    const identifier = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    const index = typeof identifier === 'string' && identifier !== '' ? identifiers.indexOf(identifier) : -1;
    if (index < 0) return { kind: 'failed', reason: `batchItemFailures names an unknown item: ${String(identifier)}` };
    if (!failed.includes(index)) failed.push(index);
  }
  failed.sort((a, b) => a - b);
  return { kind: 'partial', firstFailed: failed[0] as number, failed };
}
