import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { serviceState, type SandboxState } from '../../state.js';

/** A table CloudFormation created or deleted, applied to the engine on the account's next DynamoDB request. */
export interface DeclaredTable {
  action: 'create' | 'delete';
  /** The CreateTable input (create only). */
  definition?: Record<string, unknown>;
}

/**
 * DynamoDB's slice of the sandbox state. Items live in the engines (dynalite on LevelDB under
 * stateDir/dynamodb/GENERATION/ACCOUNT-REGION); a reset starts a new generation, so old data is never
 * seen again even by a server that still has it open. `declared` holds the tables of stacks that the
 * engines have not been told about yet (CloudFormation runs synchronously; engines answer over IPC).
 */
export interface DynamoDbState {
  generation: string;
  declared: Record<string, Record<string, Record<string, DeclaredTable>>>;
  /** Tables with a stream, by account, region and table (see streams/). */
  streams?: Record<string, Record<string, Record<string, TableStream>>>;
}

/** A table's stream: what its records carry and its label (the stream ARN's last part). */
export interface TableStream {
  viewType: StreamViewType;
  label: string;
}

export type StreamViewType = 'KEYS_ONLY' | 'NEW_IMAGE' | 'OLD_IMAGE' | 'NEW_AND_OLD_IMAGES';

export function dynamoDbState(state: SandboxState): DynamoDbState {
  return serviceState<DynamoDbState>(state, 'dynamodb', () => ({ generation: randomUUID().slice(0, 8), declared: {} }));
}

export const tableArnOf = (region: string, accountId: string, table: string): string =>
  `arn:aws:dynamodb:${region}:${accountId}:table/${table}`;

export const streamArnOf = (region: string, accountId: string, table: string, label: string): string =>
  `${tableArnOf(region, accountId, table)}/stream/${label}`;

/** The streams of an account's tables in a region. */
export function tableStreams(state: SandboxState, accountId: string, region: string): Record<string, TableStream> {
  const slice = state.services.dynamodb as DynamoDbState | undefined;
  return slice?.streams?.[accountId]?.[region] ?? {};
}

/** Turns a table's stream on (a new label, as a re-enabled stream is a new stream) or off. */
export function setTableStream(
  state: SandboxState,
  accountId: string,
  region: string,
  table: string,
  stream: TableStream | undefined,
): void {
  const slice = dynamoDbState(state);
  const regions = ((slice.streams ??= {})[accountId] ??= {});
  const tables = (regions[region] ??= {});
  if (stream) tables[table] = stream;
  else delete tables[table];
}

/** The table and label a stream ARN names. */
export function parseStreamArn(
  arn: string,
): { region: string; accountId: string; table: string; label: string } | undefined {
  const match = /^arn:aws[a-z-]*:dynamodb:([a-z0-9-]+):(\d{12}):table\/([A-Za-z0-9_.-]+)\/stream\/(.+)$/.exec(arn);
  if (!match) return undefined;
  return {
    region: match[1] as string,
    accountId: match[2] as string,
    table: match[3] as string,
    label: match[4] as string,
  };
}

/** Where an account's tables of one region live on disk. */
export function engineDataDir(stateDir: string, state: SandboxState, accountId: string, region: string): string {
  return join(stateDir, 'dynamodb', dynamoDbState(state).generation, `${accountId}-${region}`);
}

/** Records a table for the engine to create (CloudFormation's AWS::DynamoDB::Table). */
export function declareTable(
  state: SandboxState,
  accountId: string,
  region: string,
  tableName: string,
  table: DeclaredTable,
): void {
  const regions = (dynamoDbState(state).declared[accountId] ??= {});
  (regions[region] ??= {})[tableName] = table;
}

/** The declarations waiting for an account's engine in a region. */
export function pendingTables(state: SandboxState, accountId: string, region: string): Array<[string, DeclaredTable]> {
  const slice = state.services.dynamodb as DynamoDbState | undefined;
  return Object.entries(slice?.declared[accountId]?.[region] ?? {});
}

export function clearDeclaration(state: SandboxState, accountId: string, region: string, tableName: string): void {
  const regions = dynamoDbState(state).declared[accountId];
  const tables = regions?.[region];
  if (!tables) return;
  delete tables[tableName];
  if (Object.keys(tables).length === 0) delete regions[region];
  if (regions && Object.keys(regions).length === 0) delete dynamoDbState(state).declared[accountId];
}

/**
 * The CreateTable input of a CloudFormation AWS::DynamoDB::Table's properties: keys, attributes, billing
 * and indexes (what the engine needs to hold items); the stream is kept by the sandbox (streams/), TTL and PITR are not modelled.
 */
export function createTableInput(tableName: string, properties: Record<string, unknown>): Record<string, unknown> {
  const indexes = (list: unknown) =>
    Array.isArray(list) && list.length > 0
      ? list.map((index: Record<string, unknown>) => ({
          IndexName: index.IndexName,
          KeySchema: index.KeySchema,
          Projection: index.Projection ?? { ProjectionType: 'ALL' },
          ...(index.ProvisionedThroughput ? { ProvisionedThroughput: index.ProvisionedThroughput } : {}),
        }))
      : undefined;
  const payPerRequest = properties.BillingMode === 'PAY_PER_REQUEST' || !properties.ProvisionedThroughput;
  return {
    TableName: tableName,
    KeySchema: properties.KeySchema,
    AttributeDefinitions: properties.AttributeDefinitions,
    ...(payPerRequest
      ? { BillingMode: 'PAY_PER_REQUEST' }
      : { ProvisionedThroughput: properties.ProvisionedThroughput }),
    ...(indexes(properties.GlobalSecondaryIndexes)
      ? { GlobalSecondaryIndexes: indexes(properties.GlobalSecondaryIndexes) }
      : {}),
    ...(indexes(properties.LocalSecondaryIndexes)
      ? {
          LocalSecondaryIndexes: indexes(properties.LocalSecondaryIndexes)?.map(
            ({ ProvisionedThroughput: _unused, ...index }) => index,
          ),
        }
      : {}),
    ...(Array.isArray(properties.Tags) && properties.Tags.length > 0 ? { Tags: properties.Tags } : {}),
  };
}
