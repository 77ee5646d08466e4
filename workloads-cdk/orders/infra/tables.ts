import { CfnCondition, CfnParameter, Fn, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { tableFromSchema } from '../../shared/infra/schema-table.js';
import { ORDERS_TABLE_SCHEMAS, READ_MODEL_TABLE_PARAMETERS } from '../tables.js';

type ReadModelRole = keyof typeof READ_MODEL_TABLE_PARAMETERS;

const READ_ACTIONS = [
  'dynamodb:BatchGetItem',
  'dynamodb:GetItem',
  'dynamodb:Query',
  'dynamodb:Scan',
  'dynamodb:DescribeTable',
  'dynamodb:ConditionCheckItem',
];
const WRITE_ACTIONS = ['dynamodb:BatchWriteItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'];

/** The write side: commits (one item per command, streamed to the projector) and snapshots. */
export class EventStoreTables extends Construct {
  readonly events: dynamodb.Table;
  readonly snapshots: dynamodb.Table;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    // The event store is the system of record: never deleted with the stack.
    this.events = tableFromSchema(this, 'Events', ORDERS_TABLE_SCHEMAS.events, {
      removalPolicy: RemovalPolicy.RETAIN,
      deletionProtection: true,
      stream: dynamodb.StreamViewType.NEW_IMAGE,
    });
    this.snapshots = tableFromSchema(this, 'Snapshots', ORDERS_TABLE_SCHEMAS.snapshots, {
      removalPolicy: RemovalPolicy.DESTROY,
    });
  }
}

/**
 * The read side: rebuildable from the event store at any time, so they go with the stack. Each read
 * model is served from the stack's table unless its stack parameter (READ_MODEL_TABLE_PARAMETERS) names
 * a rebuilt one: the functions' environment, their permissions and the outputs follow the parameter.
 */
export class ReadModelTablesConstruct extends Construct {
  readonly summaries: dynamodb.Table;
  readonly customerOrders: dynamodb.Table;
  readonly dailyTotals: dynamodb.Table;
  /** The name of the table each read model is served from now. */
  readonly activeNames: Readonly<Record<ReadModelRole, string>>;
  private readonly activeArns: Readonly<Record<ReadModelRole, string>>;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.summaries = tableFromSchema(this, 'OrderSummaries', ORDERS_TABLE_SCHEMAS.summaries, {
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.customerOrders = tableFromSchema(this, 'CustomerOrders', ORDERS_TABLE_SCHEMAS.customerOrders, {
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.dailyTotals = tableFromSchema(this, 'DailyTotals', ORDERS_TABLE_SCHEMAS.dailyTotals, {
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const names = {} as Record<ReadModelRole, string>;
    const arns = {} as Record<ReadModelRole, string>;
    for (const role of Object.keys(READ_MODEL_TABLE_PARAMETERS) as ReadModelRole[]) {
      const parameter = new CfnParameter(Stack.of(this), READ_MODEL_TABLE_PARAMETERS[role], {
        type: 'String',
        default: '',
        allowedPattern: '^([a-zA-Z0-9_.-]{3,255})?$',
        description: `A rebuilt table serving the ${role} read model instead of the stack's (set by awsarch replay orders --to-table; empty: the stack's table)`,
      });
      const useRebuilt = new CfnCondition(this, `Rebuilt${role[0]?.toUpperCase()}${role.slice(1)}`, {
        expression: Fn.conditionNot(Fn.conditionEquals(parameter.valueAsString, '')),
      });
      const table = this[role];
      names[role] = Fn.conditionIf(useRebuilt.logicalId, parameter.valueAsString, table.tableName).toString();
      arns[role] = Fn.conditionIf(
        useRebuilt.logicalId,
        Stack.of(this).formatArn({ service: 'dynamodb', resource: 'table', resourceName: parameter.valueAsString }),
        table.tableArn,
      ).toString();
    }
    this.activeNames = names;
    this.activeArns = arns;
  }

  environment(): Record<string, string> {
    return {
      SUMMARIES_TABLE: this.activeNames.summaries,
      CUSTOMER_ORDERS_TABLE: this.activeNames.customerOrders,
      DAILY_TOTALS_TABLE: this.activeNames.dailyTotals,
    };
  }

  grantReadWriteData(grantee: iam.IGrantable): void {
    for (const table of [this.summaries, this.customerOrders, this.dailyTotals]) table.grantReadWriteData(grantee);
    this.grantActive(grantee, [...READ_ACTIONS, ...WRITE_ACTIONS]);
  }

  grantReadData(grantee: iam.IGrantable): void {
    for (const table of [this.summaries, this.customerOrders, this.dailyTotals]) table.grantReadData(grantee);
    this.grantActive(grantee, READ_ACTIONS);
  }

  /** The same access on the tables the parameters name (the stack's own when they are empty). */
  private grantActive(grantee: iam.IGrantable, actions: string[]): void {
    const resources = Object.values(this.activeArns).flatMap((arn) => [arn, `${arn}/index/*`]);
    grantee.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({ actions, resources }));
  }
}
