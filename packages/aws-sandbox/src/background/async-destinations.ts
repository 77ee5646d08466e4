import type { StateStore } from '../state.js';
import type { FunctionRecord } from '../services/lambda/model.js';
import type { InvocationOutcome } from '../services/lambda/runtime/invocation.js';
import { deliverFromService } from '../services/sqs/model.js';
import type { AsyncWork, WorkProgress } from './async-journal.js';

export type RecordCondition = 'Success' | 'RetriesExhausted' | 'EventAgeExceeded';

/** The invocation record Lambda sends to an asynchronous invocation's destination ("Invocation record" in Lambda's docs). Pure. */
export function invocationRecord(
  fn: FunctionRecord,
  work: AsyncWork,
  progress: WorkProgress,
  outcome: InvocationOutcome | undefined,
  requestId: string,
  condition: RecordCondition,
  now: number,
): string {
  return JSON.stringify({
    version: '1.0',
    timestamp: new Date(now).toISOString(),
    requestContext: {
      requestId,
      functionArn: `${fn.arn}:$LATEST`,
      condition,
      approximateInvokeCount: progress.attempts + (outcome ? 1 : 0),
    },
    requestPayload: JSON.parse(work.payload) as unknown,
    ...(outcome && outcome.kind !== 'throttled'
      ? {
          responseContext: {
            statusCode: 200,
            executedVersion: '$LATEST',
            ...(outcome.kind === 'failed' ? { functionError: 'Unhandled' } : {}),
          },
          responsePayload: outcome.kind === 'failed' ? outcome.error : (JSON.parse(outcome.payload) as unknown),
        }
      : {}),
  });
}

/** Sends a message to a queue as EventBridge (a target's DLQ), as its policy allows; a missing queue drops it. */
export async function sendToQueue(
  store: StateStore,
  queueArn: string,
  sender: { principal: 'events.amazonaws.com'; sourceArn: string },
  body: string,
  now: number,
  attributes?: Parameters<typeof deliverFromService>[5],
): Promise<void> {
  await store.transact(async (tx) => {
    if (deliverFromService(tx.state, queueArn, sender, body, now, attributes)) await tx.persist();
  });
}
