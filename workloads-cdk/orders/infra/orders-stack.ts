import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { BundledFunction } from '../../shared/infra/bundled-function.js';
import { WorkloadMonitoring } from '../../shared/infra/monitoring.js';
import { OrdersApi } from './orders-api.js';
import { EventStoreTables, ReadModelTablesConstruct } from './tables.js';

export interface OrdersStackProps extends StackProps {
  /** A snapshot is stored every this many events of an order (context snapshotEvery, default 20). */
  readonly snapshotEvery: number;
  readonly alarmEmail?: string;
}

/** Orders with CQRS and event sourcing: event store + stream -> projector -> read models; HTTP API for commands and queries. */
export class OrdersStack extends Stack {
  readonly eventStore: EventStoreTables;
  readonly readModels: ReadModelTablesConstruct;
  readonly projectorDlq: sqs.Queue;

  constructor(scope: Construct, id: string, props: OrdersStackProps) {
    super(scope, id, { description: 'awsarch bundled workload: orders (CQRS + event sourcing)', ...props });
    this.eventStore = new EventStoreTables(this, 'EventStore');
    this.readModels = new ReadModelTablesConstruct(this, 'ReadModels');
    const storeEnv = {
      EVENTS_TABLE: this.eventStore.events.tableName,
      SNAPSHOTS_TABLE: this.eventStore.snapshots.tableName,
    };

    const commandHandler = new BundledFunction(this, 'CommandHandler', {
      entry: new URL('../handlers/command-handler.js', import.meta.url),
      description: 'Orders command side: CreateOrder, AddItem, RemoveItem, ApplyDiscount, ConfirmOrder, CancelOrder',
      environment: { ...storeEnv, SNAPSHOT_EVERY: String(props.snapshotEvery) },
    }).function;
    this.eventStore.events.grantReadWriteData(commandHandler);
    this.eventStore.snapshots.grantReadWriteData(commandHandler);

    const projector = new BundledFunction(this, 'Projector', {
      entry: new URL('../handlers/projector-handler.js', import.meta.url),
      description: 'Orders projector: event store stream -> order summaries, orders by customer, daily totals',
      environment: { ...storeEnv, ...this.readModels.environment() },
      timeout: Duration.seconds(60),
    }).function;
    this.eventStore.events.grantReadData(projector);
    this.readModels.grantReadWriteData(projector);
    this.projectorDlq = new sqs.Queue(this, 'ProjectorDlq', { retentionPeriod: Duration.days(14), enforceSSL: true });
    projector.addEventSource(
      new DynamoEventSource(this.eventStore.events, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        maxBatchingWindow: Duration.seconds(1),
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        retryAttempts: 10,
        onFailure: new SqsDlq(this.projectorDlq),
        filters: [lambda.FilterCriteria.filter({ eventName: lambda.FilterRule.isEqual('INSERT') })],
      }),
    );

    const queryHandler = new BundledFunction(this, 'QueryHandler', {
      entry: new URL('../handlers/query-handler.js', import.meta.url),
      description: 'Orders query side: order by id, orders by customer, daily totals',
      environment: this.readModels.environment(),
    }).function;
    this.readModels.grantReadData(queryHandler);

    const api = new OrdersApi(this, 'Http', { commandHandler, queryHandler });
    this.monitor(props, { CommandHandler: commandHandler, Projector: projector, QueryHandler: queryHandler }, api);
    new CfnOutput(this, 'ApiUrl', { value: api.api.apiEndpoint, description: 'Base URL of the orders HTTP API' });
    new CfnOutput(this, 'EventsTableName', {
      value: this.eventStore.events.tableName,
      description: 'The event store (one item per commit)',
    });
    new CfnOutput(this, 'SummariesTableName', {
      value: this.readModels.activeNames.summaries,
      description: 'The table serving order summaries now',
    });
    new CfnOutput(this, 'CustomerOrdersTableName', {
      value: this.readModels.activeNames.customerOrders,
      description: 'The table serving orders by customer now',
    });
    new CfnOutput(this, 'DailyTotalsTableName', {
      value: this.readModels.activeNames.dailyTotals,
      description: 'The table serving daily totals now',
    });
    new CfnOutput(this, 'SnapshotsTableName', { value: this.eventStore.snapshots.tableName });
  }

  private monitor(props: OrdersStackProps, functions: Record<string, lambda.IFunction>, api: OrdersApi): void {
    const monitoring = new WorkloadMonitoring(this, 'Monitoring', {
      dashboardName: `${this.stackName}-orders`,
      alarmEmail: props.alarmEmail,
    });
    for (const [name, fn] of Object.entries(functions)) monitoring.functionAlarms(name, fn);
    monitoring.dlqDepthAlarm('Projector', this.projectorDlq);
    const iteratorAge = new cloudwatch.Metric({
      namespace: 'AWS/Lambda',
      metricName: 'IteratorAge',
      dimensionsMap: { FunctionName: (functions.Projector as lambda.IFunction).functionName },
      statistic: 'Maximum',
      period: Duration.minutes(1),
    });
    monitoring.alarm('ProjectorLag', {
      alarmDescription: 'The read models lag the event store by more than a minute.',
      metric: iteratorAge,
      threshold: 60_000,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
    });
    const serverErrors = api.api.metricServerError({ period: Duration.minutes(1), statistic: 'Sum' });
    monitoring.alarm('Api5xx', {
      alarmDescription: 'The orders HTTP API answers with server errors.',
      metric: serverErrors,
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
    });
    monitoring.alarmsRow();
    monitoring.functionsRow(functions);
    monitoring.row(
      new cloudwatch.GraphWidget({ title: 'Projector lag (ms)', left: [iteratorAge], width: 8 }),
      new cloudwatch.GraphWidget({
        title: 'API requests and errors',
        left: [api.api.metricCount({ period: Duration.minutes(1) })],
        right: [serverErrors, api.api.metricClientError({ period: Duration.minutes(1) })],
        width: 8,
      }),
      new cloudwatch.SingleValueWidget({
        title: 'Projector DLQ',
        metrics: [this.projectorDlq.metricApproximateNumberOfMessagesVisible()],
        width: 8,
      }),
    );
  }
}
