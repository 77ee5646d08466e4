import type { FaultDecision } from '../faults.js';
import type { FunctionRecord } from '../services/lambda/model.js';
import { resourcePolicyAllowsInvoke } from '../services/lambda/resource-policy.js';
import type { InvocationOutcome } from '../services/lambda/runtime/invocation.js';
import type { AsyncWork, WorkProgress } from './async-journal.js';

/** Lambda's asynchronous invocation defaults (no EventInvokeConfig): 2 retries, events kept 6 hours. */
export const DEFAULT_ASYNC_RETRIES = 2;
export const DEFAULT_MAX_EVENT_AGE_SECONDS = 21_600;

/** Time in the sandbox's retry clock: AWS's minutes last retryMinuteMs (AWSARCH_SANDBOX_RETRY_MINUTE_MS). */
export interface RetryClock {
  readonly now: number;
  readonly minuteMs: number;
}

const scaled = (clock: RetryClock, seconds: number) => (seconds * clock.minuteMs) / 60;

/** Why EventBridge could not hand the event to the function (its DLQ error codes). */
export type DeliveryCheck =
  | { readonly kind: 'ok' }
  | { readonly kind: 'permanent'; readonly errorCode: 'NO_RESOURCE' | 'NO_PERMISSIONS'; readonly message: string }
  | { readonly kind: 'retriable'; readonly errorCode: string; readonly message: string };

export type DeliveryDecision =
  | { readonly kind: 'accepted' }
  | { readonly kind: 'retry'; readonly dueAt: number }
  | {
      readonly kind: 'dead-letter';
      readonly errorCode: string;
      readonly message: string;
      readonly exhausted?: 'MaximumRetryAttemptsExhausted' | 'MaximumEventAgeExhausted';
    };

/**
 * Whether EventBridge can hand the event to its target function: the function exists, and its resource policy
 * lets events.amazonaws.com invoke it for the rule (else the DLQ at once); an injected fault, asked for only
 * then, fails the delivery retriably. Pure but for the fault's draw.
 */
export function checkTargetDelivery(
  work: AsyncWork,
  fn: FunctionRecord | undefined,
  injectedFault: () => FaultDecision,
): DeliveryCheck {
  const delivery = work.delivery;
  if (!delivery) return { kind: 'ok' };
  if (!fn) return { kind: 'permanent', errorCode: 'NO_RESOURCE', message: `Function not found: ${work.functionArn}` };
  const allowed = resourcePolicyAllowsInvoke(fn, {
    principal: 'events.amazonaws.com',
    sourceArn: delivery.ruleArn,
    sourceAccount: fn.accountId,
  });
  if (!allowed)
    return {
      kind: 'permanent',
      errorCode: 'NO_PERMISSIONS',
      message: `Lambda.AccessDeniedException: events.amazonaws.com is not authorized to invoke ${fn.arn} for ${delivery.ruleArn}`,
    };
  const fault = injectedFault();
  if (fault?.kind === 'error')
    return { kind: 'retriable', errorCode: fault.code, message: `Injected by the awsarch sandbox: ${fault.code}` };
  return { kind: 'ok' };
}

/**
 * EventBridge's side (its "Event retry policy and using dead-letter queues"): permission and missing-target
 * errors go to the dead-letter queue at once; retriable errors are retried with exponential backoff and
 * jitter until the target's MaximumRetryAttempts or MaximumEventAgeInSeconds is reached. Pure.
 */
export function decideDelivery(
  work: AsyncWork,
  progress: WorkProgress,
  check: DeliveryCheck,
  clock: RetryClock,
  random: () => number,
): DeliveryDecision {
  const delivery = work.delivery;
  if (check.kind === 'ok' || !delivery) return { kind: 'accepted' };
  if (check.kind === 'permanent') return { kind: 'dead-letter', errorCode: check.errorCode, message: check.message };
  const retries = progress.attempts;
  if (retries >= delivery.maximumRetryAttempts)
    return {
      kind: 'dead-letter',
      errorCode: check.errorCode,
      message: check.message,
      exhausted: 'MaximumRetryAttemptsExhausted',
    };
  const backoff = Math.min(scaled(clock, 300), scaled(clock, 2 ** retries)) * (0.5 + random() / 2);
  const dueAt = clock.now + backoff;
  if (dueAt - work.receivedAt > scaled(clock, delivery.maximumEventAgeSeconds))
    return {
      kind: 'dead-letter',
      errorCode: check.errorCode,
      message: check.message,
      exhausted: 'MaximumEventAgeExhausted',
    };
  return { kind: 'retry', dueAt };
}

export interface AsyncSettings {
  readonly maximumRetryAttempts: number;
  readonly maximumEventAgeSeconds: number;
}

export type InvocationDecision =
  | { readonly kind: 'succeeded' }
  | { readonly kind: 'retry'; readonly dueAt: number }
  | { readonly kind: 'wait'; readonly dueAt: number }
  | { readonly kind: 'failed'; readonly condition: 'RetriesExhausted' | 'EventAgeExceeded' };

/** Whether the event outlived the function's maximum event age before an attempt. */
export function expired(work: AsyncWork, settings: AsyncSettings, clock: RetryClock): boolean {
  return clock.now - work.receivedAt > scaled(clock, settings.maximumEventAgeSeconds);
}

/**
 * Lambda's side ("How Lambda handles errors and retries with asynchronous invocation"): a function error
 * is retried after one minute, then after two more, up to MaximumRetryAttempts (0-2); a throttled event
 * goes back to the queue with growing waits (1 second up to 5 minutes) until its maximum age; an event
 * older than MaximumEventAgeInSeconds is given up. attempts counts the invocations made so far. Pure.
 */
export function decideInvocation(
  work: AsyncWork,
  progress: WorkProgress,
  outcome: InvocationOutcome,
  settings: AsyncSettings,
  clock: RetryClock,
): InvocationDecision {
  if (outcome.kind === 'succeeded') return { kind: 'succeeded' };
  if (outcome.kind === 'throttled') {
    const dueAt = clock.now + Math.min(scaled(clock, 300), scaled(clock, 2 ** Math.min(progress.attempts, 9)));
    if (dueAt - work.receivedAt > scaled(clock, settings.maximumEventAgeSeconds))
      return { kind: 'failed', condition: 'EventAgeExceeded' };
    return { kind: 'wait', dueAt };
  }
  const attempts = progress.attempts + 1;
  if (attempts > settings.maximumRetryAttempts) return { kind: 'failed', condition: 'RetriesExhausted' };
  const dueAt = clock.now + scaled(clock, attempts === 1 ? 60 : 120);
  if (dueAt - work.receivedAt >= scaled(clock, settings.maximumEventAgeSeconds))
    return { kind: 'failed', condition: 'EventAgeExceeded' };
  return { kind: 'retry', dueAt };
}
