import { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { BundledFunction } from '../../shared/infra/bundled-function.js';
import type { ServiceDefinition } from '../consumers.js';
import { EVENT_SOURCES } from '../events/catalog.js';
import { TABLE_ENV, type RideSharingTables } from '../services/stores.js';

/** How EventBridge retries delivery to every target before the event goes to the target's DLQ. */
export const TARGET_RETRY = { retryAttempts: 8, maxEventAge: Duration.hours(2) } as const;

/** Lambda's own retries of a failed (asynchronous) invocation before it goes to the function's failure queue. */
export const INVOCATION_RETRY_ATTEMPTS = 2;

/** A dead-letter queue: 14 days to look at what failed, TLS only. */
export function deadLetterQueue(scope: Construct, id: string): sqs.Queue {
  return new sqs.Queue(scope, id, { retentionPeriod: Duration.days(14), enforceSSL: true });
}

export interface ServiceFunctionProps {
  readonly service: ServiceDefinition;
  readonly bus: events.IEventBus;
  readonly tables: Record<keyof RideSharingTables, dynamodb.Table>;
  readonly environment?: Record<string, string>;
}

/**
 * One service: its function (bundled offline), its rule on the bus with the event pattern of what it
 * consumes, the rule's target with a retry policy and its own delivery DLQ, and a failure queue for
 * invocations that keep failing after Lambda's retries.
 */
export class ServiceFunction extends Construct {
  readonly function: lambda.Function;
  readonly rule: events.Rule;
  /** Events EventBridge could not deliver to the function. */
  readonly deliveryDlq: sqs.Queue;
  /** Events the function failed to process after its retries. */
  readonly failureQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: ServiceFunctionProps) {
    super(scope, id);
    const { service, bus, tables } = props;
    const environment: Record<string, string> = {
      BUS_NAME: bus.eventBusName,
      [TABLE_ENV.idempotency]: tables.idempotency.tableName,
      ...props.environment,
    };
    for (const role of service.tables) environment[TABLE_ENV[role]] = tables[role].tableName;
    this.function = new BundledFunction(this, 'Handler', {
      entry: new URL(`../handlers/${service.handler}`, import.meta.url),
      description: service.description,
      environment,
    }).function;
    tables.idempotency.grantReadWriteData(this.function);
    for (const role of service.tables) tables[role].grantReadWriteData(this.function);
    if (service.publishes) bus.grantPutEventsTo(this.function);

    this.failureQueue = deadLetterQueue(this, 'FailureQueue');
    this.function.configureAsyncInvoke({
      retryAttempts: INVOCATION_RETRY_ATTEMPTS,
      maxEventAge: Duration.hours(6),
      onFailure: new destinations.SqsDestination(this.failureQueue),
    });

    this.deliveryDlq = deadLetterQueue(this, 'DeliveryDlq');
    const sources = [...new Set(service.consumes.map((type) => EVENT_SOURCES[type]))].sort();
    this.rule = new events.Rule(this, 'Rule', {
      eventBus: bus,
      description: `${service.name} service: ${service.consumes.join(', ')}`,
      eventPattern: { source: sources, detailType: [...service.consumes] },
    });
    this.rule.addTarget(
      new targets.LambdaFunction(this.function, { deadLetterQueue: this.deliveryDlq, ...TARGET_RETRY }),
    );
  }
}
