import { randomUUID } from 'node:crypto';
import type { AsyncJournal } from '../../background/async-journal.js';
import type { SandboxState } from '../../state.js';
import { deliverFromService, enqueue, queueByArn, serviceMaySend } from '../sqs/model.js';
import { appendArchivedEvents } from './archive-store.js';
import { busAcceptsForwarding } from './bus-forwarding.js';
import { busAddress, regionOf, type EventBridgeRegion, type RuleRecord, type RuleTarget } from './model.js';
import { matchesPattern, parseEventPattern, type EventPattern } from './pattern.js';

export interface DeliveryContext {
  readonly state: SandboxState;
  readonly stateDir: string;
  readonly now: number;
  /** Where events for Lambda targets are queued for the background runner. */
  readonly journal: AsyncJournal;
}

/** EventBridge's retry policy when a target sets none: 24 hours, 185 attempts. */
const DEFAULT_RETRY = { attempts: 185, maxAgeSeconds: 86_400 };

const patternCache = new WeakMap<RuleRecord, { text: string; pattern: EventPattern }>();

function patternOf(rule: RuleRecord): EventPattern | undefined {
  if (!rule.eventPattern) return undefined;
  const cached = patternCache.get(rule);
  if (cached && cached.text === rule.eventPattern) return cached.pattern;
  const pattern = parseEventPattern(rule.eventPattern);
  patternCache.set(rule, { text: rule.eventPattern, pattern });
  return pattern;
}

/** The enabled rules of a bus whose pattern matches the event (scheduled rules never match events). */
export function matchingRules(slice: EventBridgeRegion, busName: string, event: Record<string, unknown>): RuleRecord[] {
  return Object.values(slice.rules[busName] ?? {}).filter((rule) => {
    if (rule.state !== 'ENABLED') return false;
    const pattern = patternOf(rule);
    return pattern !== undefined && matchesPattern(pattern, event);
  });
}

/** What a target receives: the event, its constant Input, or the part InputPath selects ($.detail, $.detail.x). */
function payloadFor(target: RuleTarget, event: Record<string, unknown>): string {
  if (target.Input !== undefined) return target.Input;
  if (target.InputPath) {
    let value: unknown = event;
    for (const part of target.InputPath.replace(/^\$\.?/, '')
      .split('.')
      .filter(Boolean))
      value = (value as Record<string, unknown> | undefined)?.[part];
    return JSON.stringify(value ?? null);
  }
  return JSON.stringify(event);
}

/**
 * Delivers an event to a rule's targets: SQS queues get a message at once; another account's bus receives the
 * event when its policy allows; Lambda functions get it through the durable asynchronous queue (the background
 * runner checks the function's resource policy, retries by the target's RetryPolicy, then uses its
 * DeadLetterConfig, and Lambda's own retries follow); other targets (API destinations, buses of the same
 * account...) are recorded as delivered, not run. A queue that does not exist sends the event to the target's
 * dead-letter queue without retries (NO_RESOURCE), as AWS does.
 */
export function deliverToTargets(
  ctx: DeliveryContext,
  slice: EventBridgeRegion,
  rule: RuleRecord,
  event: Record<string, unknown>,
): boolean {
  let changed = false;
  for (const target of rule.targets) {
    if (forwardsToOtherAccount(ctx, rule, target, event)) continue;
    const body = payloadFor(target, event);
    if (target.Arn.startsWith('arn:aws:sqs:')) {
      const queue = queueByArn(ctx.state, target.Arn);
      const sender = { principal: 'events.amazonaws.com', sourceArn: rule.arn } as const;
      changed = true;
      if (queue && serviceMaySend(queue, sender)) {
        enqueue(queue, body, ctx.now);
        continue;
      }
      // A missing queue, or one whose policy does not let EventBridge send: the dead-letter queue, if it lets it.
      if (target.DeadLetterConfig?.Arn)
        deliverFromService(
          ctx.state,
          target.DeadLetterConfig.Arn,
          sender,
          body,
          ctx.now,
          queue
            ? deadLetterAttributes(rule.arn, target.Arn, 'NO_PERMISSIONS', 'EventBridge may not send to the queue.', 0)
            : deadLetterAttributes(rule.arn, target.Arn, 'NO_RESOURCE', 'The queue does not exist.', 0),
        );
      continue;
    }
    if (target.Arn.startsWith('arn:aws:lambda:')) {
      ctx.journal.append({
        t: 'put',
        id: randomUUID(),
        functionArn: target.Arn,
        payload: body,
        receivedAt: ctx.now,
        source: 'eventbridge',
        delivery: {
          ruleArn: rule.arn,
          targetId: target.Id,
          targetArn: target.Arn,
          maximumRetryAttempts: target.RetryPolicy?.MaximumRetryAttempts ?? DEFAULT_RETRY.attempts,
          maximumEventAgeSeconds: target.RetryPolicy?.MaximumEventAgeInSeconds ?? DEFAULT_RETRY.maxAgeSeconds,
          ...(target.DeadLetterConfig?.Arn ? { deadLetterArn: target.DeadLetterConfig.Arn } : {}),
        },
      });
      continue;
    }
    slice.deliveries[target.Arn] = (slice.deliveries[target.Arn] ?? 0) + 1;
    changed = true;
  }
  return changed;
}

/** The attributes EventBridge puts on a dead-letter message: which rule and target, and why it failed. */
export function deadLetterAttributes(
  ruleArn: string,
  targetArn: string,
  errorCode: string,
  errorMessage: string,
  retryAttempts: number,
  exhaustedCondition?: 'MaximumRetryAttemptsExhausted' | 'MaximumEventAgeExhausted',
) {
  const string = (value: string) => ({ DataType: 'String', StringValue: value });
  return {
    RULE_ARN: string(ruleArn),
    TARGET_ARN: string(targetArn),
    ERROR_CODE: string(errorCode),
    ERROR_MESSAGE: string(errorMessage),
    RETRY_ATTEMPTS: { DataType: 'Number', StringValue: String(retryAttempts) },
    ...(exhaustedCondition ? { EXHAUSTED_RETRY_CONDITION: string(exhaustedCondition) } : {}),
  };
}

/** Events another account's rule forwarded: they are not forwarded again (one hop between accounts, no loops). */
const forwardedEvents = new WeakSet<Record<string, unknown>>();

/**
 * A target that is another account's bus receives the event itself (same id, the sender's account) when that
 * bus's policy lets the rule's account or role in (bus-forwarding.ts); otherwise the event is dropped, as AWS
 * drops it (a failed invocation). True when the target was such a bus.
 */
function forwardsToOtherAccount(
  ctx: DeliveryContext,
  rule: RuleRecord,
  target: RuleTarget,
  event: Record<string, unknown>,
): boolean {
  const address = busAddress(target.Arn);
  if (!address || address.accountId === rule.arn.split(':')[4]) return false;
  if (forwardedEvents.has(event)) return true;
  const slice = regionOf(ctx.state, address.accountId, address.region, ctx.now);
  const bus = slice.buses[address.name];
  if (!bus || !busAcceptsForwarding(ctx.state, rule, target, bus)) return true;
  const copy = { ...event };
  forwardedEvents.add(copy);
  const time = Date.parse(String(event.time));
  routeEvent(ctx, slice, bus.name, copy, Number.isFinite(time) ? time : ctx.now);
  return true;
}

/**
 * Routes an event received by a bus: archive rules archive it (in the archive's file), other matching rules
 * deliver it. Returns whether it changed the sandbox state (queues, counters), as opposed to files beside it.
 */
export function routeEvent(
  ctx: DeliveryContext,
  slice: EventBridgeRegion,
  busName: string,
  event: Record<string, unknown>,
  time: number,
): boolean {
  let changed = false;
  for (const rule of matchingRules(slice, busName, event)) {
    if (rule.archiveName) {
      const archive = slice.archives[rule.archiveName];
      if (!archive || archive.state !== 'ENABLED') continue;
      appendArchivedEvents(ctx.stateDir, archive.file, [{ time, event }]);
    } else if (deliverToTargets(ctx, slice, rule, event)) {
      changed = true;
    }
  }
  return changed;
}
