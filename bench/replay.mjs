#!/usr/bin/env node
// The orders read-model rebuild (issue 7's "Done means"): events/s of `awsarch replay orders`' engine on a
// generated history of --events events (default 1,000,000) against dynalite (the sandbox's DynamoDB engine,
// LevelDB on disk, in its own process), compared in the same run with a naive rebuild that reads with one
// sequential scan and writes one item at a time. Both fold the events with the projector the Lambda runs
// and write the same rows; the row counts of both results are checked to be equal.
// Run after `npm run build`:  node bench/replay.mjs [--events 1000000] [--segments 4] [--concurrency 8] [--skip-naive]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    segments: { type: 'string', default: '4' },
    concurrency: { type: 'string', default: '8' },
    'skip-naive': { type: 'boolean', default: false },
  },
});
const targetEvents = Number(values.events);
const dist = (path) => import(join(root, 'dist', path));
const { DynamoDBClient } = await import('@aws-sdk/client-dynamodb');
const { DynamoDBDocumentClient, PutCommand, ScanCommand } = await import('@aws-sdk/lib-dynamodb');
const orders = await import(join(root, 'workloads-cdk', 'dist', 'orders', 'index.js'));
const { createTablesFromSchemas } = await import(
  join(root, 'workloads-cdk', 'dist', 'shared', 'runtime', 'create-tables.js')
);
const { ENGINE_SCRIPT } = await import(
  join(root, 'packages', 'aws-sandbox', 'dist', 'services', 'dynamodb', 'engine-script.js')
);
const { generateOrderHistory } = await dist('workloads/traffic/orders-history.js');
const { BatchWriter } = await dist('workloads/replay/orders/batch-writer.js');
const { WriteSlots } = await dist('workloads/replay/orders/write-slots.js');
const { runRebuild } = await dist('workloads/replay/orders/rebuild-engine.js');
const { MemoryCheckpointStore, newCheckpoint } = await dist('workloads/replay/orders/checkpoint.js');
const { AggregateFolder } = await dist('workloads/replay/orders/aggregate-folder.js');
const { projectCommitsOnto } = await dist('workloads/replay/orders/project-aggregate.js');
const { countItems } = await dist('workloads/replay/orders/target-tables.js');
const { systemClock } = await dist('core/clock.js');

const count = (value) => Math.round(value).toLocaleString('en-US');
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
console.log(`node ${process.version}, ${cpus().length} CPU(s), ${cpus()[0]?.model ?? ''}`);

// dynalite in its own process, as the sandbox runs it, with its data on disk.
const dataDir = mkdtempSync(join(tmpdir(), 'awsarch-bench-replay-'));
const dynalitePath = createRequire(import.meta.url).resolve('dynalite');
const engine = spawn(process.execPath, ['-e', ENGINE_SCRIPT, dynalitePath, dataDir], {
  stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
});
const port = await new Promise((resolve, reject) => {
  engine.once('message', (message) =>
    message.port ? resolve(message.port) : reject(new Error(String(message.error))),
  );
  engine.once('exit', (code) => reject(new Error(`dynalite exited with ${code}`)));
});
const client = new DynamoDBClient({
  endpoint: `http://127.0.0.1:${port}`,
  region: 'us-east-1',
  credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
  maxAttempts: 6,
});
const db = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
const source = await createTablesFromSchemas(client, orders.ORDERS_TABLE_SCHEMAS, 'bench-');
const readModelSchemas = {
  summaries: orders.ORDERS_TABLE_SCHEMAS.summaries,
  customerOrders: orders.ORDERS_TABLE_SCHEMAS.customerOrders,
  dailyTotals: orders.ORDERS_TABLE_SCHEMAS.dailyTotals,
};

try {
  // 1. The event store: whole orders until the history holds the target number of events.
  let events = 0;
  let orderCount = 0;
  const commits = [];
  for (const commit of generateOrderHistory({
    orders: Math.ceil(targetEvents / 4),
    start: Date.parse('2026-01-01T00:00:00Z'),
    spanMs: 300 * 86_400_000,
  })) {
    if (commit.version === 1) {
      if (events >= targetEvents) break;
      orderCount += 1;
    }
    commits.push(orders.commitToItem(commit));
    events += commit.events.length;
  }
  let started = performance.now();
  await new BatchWriter(db, new WriteSlots(16), systemClock).write(source.events, commits);
  console.log(
    `\nevent store: ${count(events)} events in ${count(commits.length)} commits of ${count(orderCount)} orders, written in ${seconds(performance.now() - started)}`,
  );
  commits.length = 0;

  // 2. The rebuild as `awsarch replay orders --all --to-table ...` runs it: parallel scan segments, batched writes.
  const batchedTables = await createTablesFromSchemas(client, readModelSchemas, 'batched-');
  const plan = {
    mode: 'new-table',
    eventsTable: source.events,
    snapshotsTable: source.snapshots,
    summariesTable: source.summaries,
    targets: [
      {
        projection: 'order-summary',
        table: batchedTables.summaries,
        liveTable: source.summaries,
        parameter: 'ReadModelSummariesTable',
      },
      {
        projection: 'orders-by-customer',
        table: batchedTables.customerOrders,
        liveTable: source.customerOrders,
        parameter: 'ReadModelCustomerOrdersTable',
      },
      {
        projection: 'daily-totals',
        table: batchedTables.dailyTotals,
        liveTable: source.dailyTotals,
        parameter: 'ReadModelDailyTotalsTable',
      },
    ],
    segments: Number(values.segments),
    concurrency: Number(values.concurrency),
  };
  started = performance.now();
  const totals = await runRebuild(
    { db, clock: systemClock },
    plan,
    newCheckpoint('bench', plan.segments, Date.now()),
    new MemoryCheckpointStore(),
  );
  const batchedMs = performance.now() - started;
  const batchedItems = Object.values(totals.written).reduce((sum, value) => sum + value, 0);
  const batchedRate = totals.events / (batchedMs / 1000);
  console.log(
    `\nrebuild (${plan.segments} parallel scan segments, BatchWriteItem, ${plan.concurrency} writes in flight): ${count(totals.events)} events, ${count(totals.aggregates)} orders, ${count(batchedItems)} items written in ${seconds(batchedMs)}: ${count(batchedRate)} events/s`,
  );
  if (values['skip-naive']) process.exit(0);

  // 3. Naive: one sequential scan, and every read-model item written with its own PutItem, one after the other.
  const naiveTables = await createTablesFromSchemas(client, readModelSchemas, 'naive-');
  const rowsOf = (summary) => [
    [naiveTables.summaries, summary],
    [naiveTables.customerOrders, orders.customerOrderRow(summary)],
    [naiveTables.dailyTotals, orders.dailyOrderRow(summary)],
  ];
  let naiveEvents = 0;
  let naiveItems = 0;
  const writeAggregate = async (aggregate) => {
    const summary = projectCommitsOnto(undefined, aggregate.commits);
    for (const [table, row] of rowsOf(summary)) {
      if (!row) continue;
      await db.send(new PutCommand({ TableName: table, Item: row }));
      naiveItems += 1;
    }
  };
  started = performance.now();
  const folder = new AggregateFolder();
  let startKey;
  do {
    const page = await db.send(new ScanCommand({ TableName: source.events, ExclusiveStartKey: startKey }));
    const pageCommits = (page.Items ?? []).map(orders.itemToCommit);
    for (const commit of pageCommits) naiveEvents += commit.events.length;
    startKey = page.LastEvaluatedKey;
    const folded = folder.push(pageCommits);
    for (const aggregate of [...folded.completed, ...(startKey ? [] : folder.finish())])
      await writeAggregate(aggregate);
  } while (startKey);
  const naiveMs = performance.now() - started;
  const naiveRate = naiveEvents / (naiveMs / 1000);
  console.log(
    `naive rebuild (one sequential scan, one PutItem at a time): ${count(naiveEvents)} events, ${count(naiveItems)} items written in ${seconds(naiveMs)}: ${count(naiveRate)} events/s`,
  );

  // Both wrote the same rows.
  for (const role of Object.keys(readModelSchemas)) {
    const [batched, naive] = await Promise.all([
      countItems(db, batchedTables[role], 4),
      countItems(db, naiveTables[role], 4),
    ]);
    if (batched !== naive) throw new Error(`${role}: the rebuild wrote ${batched} rows, the naive one ${naive}`);
  }
  console.log(
    `\nratio: the rebuild is ${(batchedRate / naiveRate).toFixed(1)}x the naive one's events/s (same rows in both)`,
  );
} finally {
  client.destroy();
  engine.disconnect();
  await new Promise((resolve) => engine.once('exit', resolve));
  rmSync(dataDir, { recursive: true, force: true });
}
