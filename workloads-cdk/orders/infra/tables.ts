import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { tableFromSchema } from '../../shared/infra/schema-table.js';
import { ORDERS_TABLE_SCHEMAS } from '../tables.js';

/** The write side: commits (one item per command, streamed to the projector) and snapshots. */
export class EventStoreTables extends Construct {
  readonly events: dynamodb.Table;
  readonly snapshots: dynamodb.Table;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    // The event store is the system of record: never deleted with the stack.
    this.events = tableFromSchema(this, 'Events', ORDERS_TABLE_SCHEMAS.events, { removalPolicy: RemovalPolicy.RETAIN, deletionProtection: true, stream: dynamodb.StreamViewType.NEW_IMAGE });
    this.snapshots = tableFromSchema(this, 'Snapshots', ORDERS_TABLE_SCHEMAS.snapshots, { removalPolicy: RemovalPolicy.DESTROY });
  }
}

/** The read side: rebuildable from the event store at any time, so they go with the stack. */
export class ReadModelTablesConstruct extends Construct {
  readonly summaries: dynamodb.Table;
  readonly customerOrders: dynamodb.Table;
  readonly dailyTotals: dynamodb.Table;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.summaries = tableFromSchema(this, 'OrderSummaries', ORDERS_TABLE_SCHEMAS.summaries, { removalPolicy: RemovalPolicy.DESTROY });
    this.customerOrders = tableFromSchema(this, 'CustomerOrders', ORDERS_TABLE_SCHEMAS.customerOrders, { removalPolicy: RemovalPolicy.DESTROY });
    this.dailyTotals = tableFromSchema(this, 'DailyTotals', ORDERS_TABLE_SCHEMAS.dailyTotals, { removalPolicy: RemovalPolicy.DESTROY });
  }

  environment(): Record<string, string> {
    return {
      SUMMARIES_TABLE: this.summaries.tableName,
      CUSTOMER_ORDERS_TABLE: this.customerOrders.tableName,
      DAILY_TOTALS_TABLE: this.dailyTotals.tableName,
    };
  }

  grantReadWriteData(grantee: Parameters<dynamodb.Table['grantReadWriteData']>[0]): void {
    for (const table of [this.summaries, this.customerOrders, this.dailyTotals]) table.grantReadWriteData(grantee);
  }

  grantReadData(grantee: Parameters<dynamodb.Table['grantReadData']>[0]): void {
    for (const table of [this.summaries, this.customerOrders, this.dailyTotals]) table.grantReadData(grantee);
  }
}
