import { PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DecisionContext } from '../domain/decisions.js';
import { causedEvent } from '../domain/decisions.js';
import {
  checkExcessiveCancellations,
  checkImpossibleSpeed,
  checkPaymentMethodVelocity,
  FRAUD_THRESHOLDS,
  type FraudFinding,
} from '../domain/fraud.js';
import type { Location, RideEvent } from '../events/catalog.js';
import { consumeOnce, type ConsumeOutcome, type EventBridgeEvent } from '../runtime/consumer.js';
import type { IdempotencyStore } from '../runtime/idempotency.js';
import type { EventPublisher } from '../runtime/publisher.js';
import { transition, type StateStore } from '../runtime/state-store.js';

export interface FraudServiceDeps {
  readonly db: DynamoDBDocumentClient;
  /** Partition key subject (e.g. rider#r1), sort key activity (kind#time#eventId); items expire after 30 days. */
  readonly activityTable: string;
  /** One flag per subject and finding; its outbox publishes FraudFlagged exactly once. */
  readonly flags: StateStore<FraudFlag>;
  readonly publisher: EventPublisher;
  readonly idempotency: IdempotencyStore;
  now(): string;
}

export interface FraudFlag {
  readonly flagId: string;
  readonly subjectType: 'rider' | 'driver' | 'payment-method';
  readonly subjectId: string;
  readonly rule: FraudFinding['rule'];
  readonly reason: string;
  readonly rideId: string;
  readonly flaggedAt: string;
}

type Subject = { type: FraudFlag['subjectType']; id: string };
const subjectKey = (subject: Subject) => `${subject.type}#${subject.id}`;
const ACTIVITY_TTL_SECONDS = 30 * 86_400;

/** Real-time fraud checks on ride and payment events; a finding publishes FraudFlagged once per subject and finding. */
export function createFraudService(deps: FraudServiceDeps) {
  const record = async (
    subject: Subject,
    kind: string,
    event: RideEvent,
    data: Record<string, unknown>,
  ): Promise<void> => {
    const item = {
      subject: subjectKey(subject),
      activity: `${kind}#${event.detail.occurredAt}#${event.detail.eventId}`,
      at: event.detail.occurredAt,
      expiresAt: Math.floor(Date.parse(event.detail.occurredAt) / 1000) + ACTIVITY_TTL_SECONDS,
      ...data,
    };
    await deps.db.send(new PutCommand({ TableName: deps.activityTable, Item: item }));
  };

  const recent = async (
    subject: Subject,
    kind: string,
    since: string,
    limit?: number,
    newestFirst = false,
  ): Promise<Array<Record<string, unknown>>> => {
    const page = await deps.db.send(
      new QueryCommand({
        TableName: deps.activityTable,
        KeyConditionExpression: 'subject = :s AND activity BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':s': subjectKey(subject), ':from': `${kind}#${since}`, ':to': `${kind}#\uffff` },
        ScanIndexForward: !newestFirst,
        Limit: limit,
      }),
    );
    return page.Items ?? [];
  };

  const flag = async (
    subject: Subject,
    finding: FraudFinding,
    event: RideEvent,
    ctx: DecisionContext,
  ): Promise<void> => {
    const flagId = `${subjectKey(subject)}#${finding.key}`;
    await transition(deps.flags, flagId, deps.publisher, (existing) => {
      if (existing) return { kind: 'unchanged', reason: 'already flagged' };
      const state: FraudFlag = {
        flagId,
        subjectType: subject.type,
        subjectId: subject.id,
        rule: finding.rule,
        reason: finding.reason,
        rideId: event.detail.rideId,
        flaggedAt: ctx.now,
      };
      const flagged = causedEvent(
        ctx,
        'FraudFlagged',
        {
          rideId: event.detail.rideId,
          subjectType: subject.type,
          subjectId: subject.id,
          rule: finding.rule,
          reason: finding.reason,
        },
        flagId,
      );
      return { kind: 'changed', state, events: [flagged] };
    });
  };

  const onEvent = async (event: RideEvent): Promise<void> => {
    const ctx: DecisionContext = { now: deps.now(), causeId: event.detail.eventId };
    const at = event.detail.occurredAt;
    switch (event.type) {
      case 'RideStarted':
        for (const subject of [
          { type: 'driver', id: event.detail.driverId },
          { type: 'rider', id: event.detail.riderId },
        ] as Subject[]) {
          const [lastEnd] = await recent(subject, 'end', '', 1, true);
          const finding = checkImpossibleSpeed(
            lastEnd ? { location: lastEnd.location as Location, at: String(lastEnd.at) } : undefined,
            { location: event.detail.location, at, rideId: event.detail.rideId },
          );
          if (finding) await flag(subject, finding, event, ctx);
        }
        return;
      case 'RideCompleted':
        for (const subject of [
          { type: 'driver', id: event.detail.driverId },
          { type: 'rider', id: event.detail.riderId },
        ] as Subject[]) {
          await record(subject, 'end', event, { location: event.detail.dropoff, rideId: event.detail.rideId });
        }
        return;
      case 'RideCancelled': {
        if (event.detail.cancelledBy !== 'rider') return;
        const rider: Subject = { type: 'rider', id: event.detail.riderId };
        await record(rider, 'cancel', event, { rideId: event.detail.rideId });
        const since = new Date(Date.parse(at) - FRAUD_THRESHOLDS.cancellationWindowHours * 3_600_000).toISOString();
        const cancellations = await recent(rider, 'cancel', since);
        const finding = checkExcessiveCancellations(
          cancellations.map((item) => String(item.at)),
          at,
        );
        if (finding) await flag(rider, finding, event, ctx);
        return;
      }
      case 'PaymentAuthorized': {
        const method: Subject = { type: 'payment-method', id: event.detail.paymentMethodId };
        await record(method, 'auth', event, { riderId: event.detail.riderId, rideId: event.detail.rideId });
        const since = new Date(Date.parse(at) - FRAUD_THRESHOLDS.velocityWindowMinutes * 60_000).toISOString();
        const authorizations = await recent(method, 'auth', since);
        const finding = checkPaymentMethodVelocity(
          authorizations.map((item) => ({ riderId: String(item.riderId), at: String(item.at) })),
          at,
        );
        if (finding) await flag(method, finding, event, ctx);
        return;
      }
      default:
        return;
    }
  };

  return {
    async event(raw: EventBridgeEvent): Promise<ConsumeOutcome> {
      return consumeOnce(deps.idempotency, raw, onEvent);
    },
  };
}
