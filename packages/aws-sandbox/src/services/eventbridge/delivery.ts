import type { SandboxState } from '../../state.js';
import { servicePrincipalAllows } from '../../service-principal-policy.js';
import { enqueue, queueByArn, type SqsQueue } from '../sqs/model.js';
import { appendArchivedEvents } from './archive-store.js';
import { busAcceptsForwarding } from './bus-forwarding.js';
import { busAddress, regionOf, type EventBridgeRegion, type RuleRecord, type RuleTarget } from './model.js';
import { matchesPattern, parseEventPattern, type EventPattern } from './pattern.js';

export interface DeliveryContext {
  readonly state: SandboxState;
  readonly stateDir: string;
  readonly now: number;
}

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
 * Delivers an event to a rule's targets: SQS queues get a message; another account's bus receives the event
 * when its policy allows; other targets (Lambda functions, API destinations, buses of the same account...) are
 * recorded as delivered, not run. A queue that does
 * not exist makes the delivery go to the target's dead-letter queue if it has one.
 */
export function deliverToTargets(
  ctx: DeliveryContext,
  slice: EventBridgeRegion,
  rule: RuleRecord,
  event: Record<string, unknown>,
): void {
  for (const target of rule.targets) {
    if (forwardsToOtherAccount(ctx, rule, target, event)) continue;
    const body = payloadFor(target, event);
    if (target.Arn.startsWith('arn:aws:sqs:')) {
      const queue = queueByArn(ctx.state, target.Arn);
      if (queue && queueAcceptsEvents(queue, rule)) {
        enqueue(queue, body, ctx.now);
        continue;
      }
      // A missing queue, or one whose policy does not let EventBridge send: the dead-letter queue, if it lets it.
      const dlq = target.DeadLetterConfig?.Arn ? queueByArn(ctx.state, target.DeadLetterConfig.Arn) : undefined;
      if (dlq && queueAcceptsEvents(dlq, rule)) enqueue(dlq, body, ctx.now);
      continue;
    }
    slice.deliveries[target.Arn] = (slice.deliveries[target.Arn] ?? 0) + 1;
  }
}

/**
 * EventBridge sends to a queue only as its policy allows: sqs:SendMessage for events.amazonaws.com, with the
 * rule as aws:SourceArn (what the console and the CDK write), as the EventBridge User Guide's "Amazon SQS
 * permissions" require.
 */
function queueAcceptsEvents(queue: SqsQueue, rule: RuleRecord): boolean {
  return servicePrincipalAllows(queue.attributes.Policy, {
    servicePrincipal: 'events.amazonaws.com',
    action: 'sqs:SendMessage',
    resource: queue.arn,
    context: { 'aws:SourceArn': rule.arn, 'aws:SourceAccount': rule.arn.split(':')[4] ?? '' },
  });
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

/** Routes an event received by a bus: archive rules archive it, other matching rules deliver it. */
export function routeEvent(
  ctx: DeliveryContext,
  slice: EventBridgeRegion,
  busName: string,
  event: Record<string, unknown>,
  time: number,
): void {
  for (const rule of matchingRules(slice, busName, event)) {
    if (rule.archiveName) {
      const archive = slice.archives[rule.archiveName];
      if (!archive || archive.state !== 'ENABLED') continue;
      archive.sizeBytes += appendArchivedEvents(ctx.stateDir, archive.file, [{ time, event }]);
      archive.eventCount += 1;
    } else {
      deliverToTargets(ctx, slice, rule, event);
    }
  }
}
