import { executionRoleMay } from '../../authorization/execution-role.js';
import type { StateStore } from '../../state.js';
import { enqueue, queueByArn, type SqsMessageAttribute } from '../sqs/model.js';
import type { FunctionRecord } from './model.js';

/**
 * Lambda hands a record to a function's dead-letter queue or to a destination (asynchronous invocations'
 * OnSuccess/OnFailure, a stream mapping's OnFailure) by calling the target with the function's execution role
 * (Lambda Developer Guide: the execution role needs sqs:SendMessage on the queue), so the role's identity
 * policies, its account's SCPs and the queue's policy decide. A send the role may not make, or to a queue that
 * does not exist, is dropped, as AWS drops it (counting it only in the DeadLetterErrors and
 * DestinationDeliveryFailures metrics, which the sandbox does not keep). Only SQS queues receive: SNS topics,
 * event buses and functions as targets are not modelled. Returns whether the queue took the record.
 */
export async function sendAsFunction(
  store: StateStore,
  fn: Pick<FunctionRecord, 'accountId' | 'name' | 'role'>,
  targetArn: string,
  body: string,
  now: number,
  messageAttributes?: Record<string, SqsMessageAttribute>,
): Promise<boolean> {
  return store.transact(async (tx) => {
    const queue = queueByArn(tx.state, targetArn);
    if (!queue) return false;
    const decision = await executionRoleMay(tx.state, fn, targetArn);
    if (!decision.allowed) return false;
    enqueue(queue, body, now, messageAttributes);
    await tx.persist();
    return true;
  });
}
