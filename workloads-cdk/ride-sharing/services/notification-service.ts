import { PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { notificationsFor, type Notification } from '../domain/notifications.js';
import { consumeOnce, type ConsumeOutcome, type EventBridgeEvent } from '../runtime/consumer.js';
import type { IdempotencyStore } from '../runtime/idempotency.js';

export interface NotificationServiceDeps {
  readonly db: DynamoDBDocumentClient;
  readonly table: string;
  readonly idempotency: IdempotencyStore;
}

export interface StoredNotification extends Notification {
  readonly recipientKey: string;
  readonly sortKey: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly createdAt: string;
}

/**
 * Notifications: decides who is told what and records each message in the notifications table (the
 * outbox a push/e-mail integration delivers from). Each message's key is derived from the event, so a
 * duplicate delivery writes nothing new.
 */
export function createNotificationService(deps: NotificationServiceDeps) {
  return {
    async event(raw: EventBridgeEvent): Promise<ConsumeOutcome> {
      return consumeOnce(deps.idempotency, raw, async (event) => {
        const messages = notificationsFor(event);
        for (const [index, message] of messages.entries()) {
          const item: StoredNotification = {
            ...message,
            recipientKey: `${message.recipient.kind}#${message.recipient.id}`,
            sortKey: `${event.detail.occurredAt}#${event.detail.eventId}#${index}`,
            eventId: event.detail.eventId,
            eventType: event.type,
            createdAt: event.detail.occurredAt,
          };
          await deps.db
            .send(
              new PutCommand({
                TableName: deps.table,
                Item: item,
                ConditionExpression: 'attribute_not_exists(sortKey)',
              }),
            )
            .catch((error: Error) => {
              if (error.name !== 'ConditionalCheckFailedException') throw error;
            });
        }
      });
    },

    /** A recipient's messages, oldest first. */
    async inbox(kind: Notification['recipient']['kind'], id: string): Promise<StoredNotification[]> {
      const page = await deps.db.send(
        new QueryCommand({
          TableName: deps.table,
          KeyConditionExpression: 'recipientKey = :r',
          ExpressionAttributeValues: { ':r': `${kind}#${id}` },
        }),
      );
      return (page.Items ?? []) as StoredNotification[];
    },
  };
}
