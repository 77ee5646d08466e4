import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import dynalite from 'dynalite';
import { createTablesFromSchemas } from '../../workloads-cdk/shared/runtime/create-tables.js';
import type { TableSchema } from '../../workloads-cdk/shared/table-schema.js';

export interface LocalDynamo {
  readonly endpoint: string;
  readonly client: DynamoDBClient;
  readonly db: DynamoDBDocumentClient;
  /** Creates a fresh set of tables (unique prefix) from schemas, so tests sharing the server never collide. */
  tables<R extends string>(schemas: Readonly<Record<R, TableSchema>>): Promise<Record<R, string>>;
  close(): Promise<void>;
}

let prefixes = 0;

/** A dynalite server (DynamoDB on LevelDB, in memory) on 127.0.0.1 and clients for it. */
export async function startLocalDynamo(): Promise<LocalDynamo> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 3,
  });
  const db = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  return {
    endpoint,
    client,
    db,
    tables: (schemas) => createTablesFromSchemas(client, schemas, `t${++prefixes}-`),
    async close() {
      client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
