import type { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import type { KeyAttribute, TableSchema } from '../table-schema.js';

const attribute = (key: KeyAttribute): dynamodb.Attribute => ({
  name: key.name,
  type: key.type === 'N' ? dynamodb.AttributeType.NUMBER : dynamodb.AttributeType.STRING,
});

/** An on-demand table with point-in-time recovery, shaped by its schema. */
export function tableFromSchema(
  scope: Construct,
  id: string,
  schema: TableSchema,
  options: { removalPolicy: RemovalPolicy; stream?: dynamodb.StreamViewType; deletionProtection?: boolean },
): dynamodb.Table {
  const table = new dynamodb.Table(scope, id, {
    billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    partitionKey: attribute(schema.partitionKey),
    ...(schema.sortKey ? { sortKey: attribute(schema.sortKey) } : {}),
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    timeToLiveAttribute: schema.ttlAttribute,
    removalPolicy: options.removalPolicy,
    stream: options.stream,
    deletionProtection: options.deletionProtection,
  });
  for (const index of schema.indexes ?? []) {
    table.addGlobalSecondaryIndex({
      indexName: index.name,
      partitionKey: attribute(index.partitionKey),
      ...(index.sortKey ? { sortKey: attribute(index.sortKey) } : {}),
    });
  }
  return table;
}
