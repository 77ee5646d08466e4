import { CreateTableCommand, type AttributeDefinition, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { TableSchema } from '../table-schema.js';

/**
 * Creates tables from their schemas (for local runs, tests and benchmarks against a DynamoDB-compatible
 * server; on AWS the stacks create them). Returns the table names by role: prefix + role.
 */
export async function createTablesFromSchemas<R extends string>(
  client: DynamoDBClient,
  schemas: Readonly<Record<R, TableSchema>>,
  prefix: string,
): Promise<Record<R, string>> {
  const names = {} as Record<R, string>;
  for (const [role, schema] of Object.entries(schemas) as Array<[R, TableSchema]>) {
    const name = `${prefix}${role}`;
    const attributes = new Map<string, AttributeDefinition>();
    const add = (keyAttribute: TableSchema['partitionKey'] | undefined) => {
      if (keyAttribute)
        attributes.set(keyAttribute.name, { AttributeName: keyAttribute.name, AttributeType: keyAttribute.type });
    };
    add(schema.partitionKey);
    add(schema.sortKey);
    for (const index of schema.indexes ?? []) {
      add(index.partitionKey);
      add(index.sortKey);
    }
    const keySchema = (partition: TableSchema['partitionKey'], sort?: TableSchema['sortKey']) => [
      { AttributeName: partition.name, KeyType: 'HASH' as const },
      ...(sort ? [{ AttributeName: sort.name, KeyType: 'RANGE' as const }] : []),
    ];
    await client.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [...attributes.values()],
        KeySchema: keySchema(schema.partitionKey, schema.sortKey),
        GlobalSecondaryIndexes: schema.indexes?.length
          ? schema.indexes.map((index) => ({
              IndexName: index.name,
              KeySchema: keySchema(index.partitionKey, index.sortKey),
              Projection: { ProjectionType: 'ALL' },
            }))
          : undefined,
      }),
    );
    names[role] = name;
  }
  return names;
}
