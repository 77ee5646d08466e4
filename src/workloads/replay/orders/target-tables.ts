import {
  CreateTableCommand,
  DescribeTableCommand,
  ListTagsOfResourceCommand,
  type DynamoDBClient,
  type Tag,
} from '@aws-sdk/client-dynamodb';
import { ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isAwsError, toAwsarchError } from '../../../aws/aws-errors.js';
import type { Clock } from '../../../core/clock.js';
import { AwsarchError, usageError } from '../../../core/errors.js';
import { schemaOf } from './projections.js';
import type { RebuildPlan, RebuildTarget } from './rebuild-plan.js';
import { ERR } from '../../../core/error-codes.js';

async function describe(client: DynamoDBClient, table: string) {
  try {
    return (await client.send(new DescribeTableCommand({ TableName: table }))).Table;
  } catch (error) {
    if (isAwsError(error, 'ResourceNotFoundException')) return undefined;
    throw toAwsarchError(error, `Reading table ${table}`);
  }
}

/** Items in a table, counted with parallel COUNT scans (DescribeTable's ItemCount is refreshed only every few hours). */
export async function countItems(db: DynamoDBDocumentClient, table: string, segments: number): Promise<number> {
  const counts = await Promise.all(
    Array.from({ length: segments }, async (_unused, segment) => {
      let count = 0;
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await db.send(
          new ScanCommand({
            TableName: table,
            Segment: segment,
            TotalSegments: segments,
            Select: 'COUNT',
            ExclusiveStartKey: startKey,
          }),
        );
        count += page.Count ?? 0;
        startKey = page.LastEvaluatedKey;
      } while (startKey);
      return count;
    }),
  );
  return counts.reduce((sum, count) => sum + count, 0);
}

/** Commits in the event store for progress: DescribeTable's estimate, else a count. */
export async function estimateCommits(
  client: DynamoDBClient,
  db: DynamoDBDocumentClient,
  plan: RebuildPlan,
): Promise<number> {
  const table = await describe(client, plan.eventsTable);
  if (!table)
    throw usageError(
      ERR.EVENT_STORE_MISSING,
      `the event store table ${plan.eventsTable} does not exist`,
      'is the Orders stack deployed completely?',
    );
  return table.ItemCount && table.ItemCount > 0 ? table.ItemCount : countItems(db, plan.eventsTable, plan.segments);
}

/**
 * The tags of a new table: the live table's (owner, cost centre... often what service control policies
 * require on creation), then --tag, then awsarch's own. AWS-reserved aws:* tags are not copied.
 */
async function tagsFor(
  client: DynamoDBClient,
  target: RebuildTarget,
  extra: Readonly<Record<string, string>>,
  rebuildKey: string,
): Promise<Tag[]> {
  const live = await describe(client, target.liveTable);
  let inherited: Tag[] = [];
  if (live?.TableArn) {
    try {
      inherited = (await client.send(new ListTagsOfResourceCommand({ ResourceArn: live.TableArn }))).Tags ?? [];
    } catch (error) {
      throw toAwsarchError(error, `Reading the tags of ${target.liveTable}`);
    }
  }
  const tags = new Map<string, string>();
  for (const tag of inherited) if (tag.Key && !tag.Key.startsWith('aws:')) tags.set(tag.Key, tag.Value ?? '');
  for (const [key, value] of Object.entries(extra)) tags.set(key, value);
  tags.set(REBUILD_TAGS.rebuildOf, target.liveTable);
  tags.set(REBUILD_TAGS.projection, target.projection);
  tags.set(REBUILD_TAGS.rebuild, rebuildKey);
  return [...tags].map(([Key, Value]) => ({ Key, Value }));
}

/** Tags a --to-table rebuild puts on the tables it creates: what they rebuild, and which rebuild made them. */
export const REBUILD_TAGS = {
  rebuildOf: 'awsarch:rebuild-of',
  projection: 'awsarch:projection',
  /** The rebuild's key (account, stack, tables, projections, mode, segments): only that rebuild resumes into it. */
  rebuild: 'awsarch:rebuild',
} as const;

/** Whether an existing table is one this very rebuild created (killed before its checkpoint was saved). */
async function isOwnTable(client: DynamoDBClient, tableArn: string | undefined, rebuildKey: string): Promise<boolean> {
  if (!tableArn) return false;
  try {
    const { Tags = [] } = await client.send(new ListTagsOfResourceCommand({ ResourceArn: tableArn }));
    return Tags.some((tag) => tag.Key === REBUILD_TAGS.rebuild && tag.Value === rebuildKey);
  } catch (error) {
    throw toAwsarchError(error, `Reading the tags of ${tableArn}`);
  }
}

export interface TargetTables {
  created: string[];
  /** Tables this rebuild had created before it was stopped (recognised by their tags), resumed into. */
  recognised: string[];
}

/**
 * The new tables of a --to-table rebuild: created with the read model's schema and the live table's tags
 * (see tagsFor), and waited for until ACTIVE. An existing table is accepted only when resuming the
 * rebuild that created it: its checkpoint says so, or, when the rebuild was stopped before its first
 * checkpoint, the table's awsarch:rebuild tag does. Never one that holds something else.
 */
export async function createTargetTables(
  client: DynamoDBClient,
  plan: RebuildPlan,
  rebuild: { resuming: boolean; key: string },
  clock: Pick<Clock, 'sleep'>,
  extraTags: Readonly<Record<string, string>> = {},
): Promise<TargetTables> {
  const result: TargetTables = { created: [], recognised: [] };
  const accept = async (table: string, arn: string | undefined) => {
    if (rebuild.resuming) return;
    if (await isOwnTable(client, arn, rebuild.key)) return void result.recognised.push(table);
    throw usageError(
      ERR.TO_TABLE_EXISTS,
      `table ${table} already exists and was not created by this rebuild`,
      'name a new table for --to-table (the rebuild creates it), or delete the old one',
    );
  };
  for (const target of plan.targets) {
    const existing = await describe(client, target.table);
    if (existing) {
      await accept(target.table, existing.TableArn);
      continue;
    }
    const outcome = await createTable(client, target, await tagsFor(client, target, extraTags, rebuild.key));
    if (outcome === 'created') result.created.push(target.table);
    else await accept(target.table, (await describe(client, target.table))?.TableArn);
  }
  for (const target of plan.targets) {
    for (let attempt = 0; (await describe(client, target.table))?.TableStatus !== 'ACTIVE'; attempt += 1) {
      if (attempt > 600) throw usageError(ERR.TABLE_NOT_ACTIVE, `table ${target.table} did not become ACTIVE`);
      await clock.sleep(Math.min(2000, 100 * 2 ** attempt));
    }
  }
  return result;
}

/** CreateTable; 'exists' when a table of that name appeared meanwhile (a racing twin, or a retried request). */
async function createTable(client: DynamoDBClient, target: RebuildTarget, tags: Tag[]): Promise<'created' | 'exists'> {
  const schema = schemaOf(target.projection);
  const keys = [schema.partitionKey, ...('sortKey' in schema && schema.sortKey ? [schema.sortKey] : [])];
  try {
    await client.send(
      new CreateTableCommand({
        TableName: target.table,
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: keys.map((key, index) => ({ AttributeName: key.name, KeyType: index === 0 ? 'HASH' : 'RANGE' })),
        AttributeDefinitions: keys.map((key) => ({ AttributeName: key.name, AttributeType: key.type })),
        Tags: tags,
      }),
    );
    return 'created';
  } catch (error) {
    if (isAwsError(error, 'ResourceInUseException')) return 'exists';
    const failure = toAwsarchError(error, `Creating table ${target.table}`);
    if (ERR.AWS_ACCESS_DENIED.is(failure)) {
      throw new AwsarchError(failure.definition, failure.message, {
        outcome: failure.outcome,
        details: failure.details,
        cause: error,
        hint: "a service control policy may require tags on new tables: add them with --tag KEY=VALUE (the live table's tags are copied)",
      });
    }
    throw failure;
  }
}
