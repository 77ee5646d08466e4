#!/usr/bin/env node
// Benchmarks of the bundled workloads (issue 6's "Done means"), printing figures:
//   1. `awsarch synth` wall time per workload through the binary (median of --runs), and the in-process
//      synth time it reports;
//   2. the orders command handler (commands/s) and projector (events/s) against dynalite on 127.0.0.1.
// Run after `npm run build`:  node bench/workloads.mjs [--runs 3] [--orders 400] [--concurrency 8] [--validate]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    orders: { type: 'string', default: '400' },
    concurrency: { type: 'string', default: '8' },
    validate: { type: 'boolean', default: false },
  },
});
const runs = Number(values.runs);
const orderCount = Number(values.orders);
const concurrency = Number(values.concurrency);

const median = (numbers) => [...numbers].sort((a, b) => a - b)[Math.floor(numbers.length / 2)];
const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;

console.log(`node ${process.version}, ${(await import('node:os')).cpus().length} CPU(s)\n`);

// 1. Synth through the binary.
console.log(`awsarch synth (median of ${runs} runs${values.validate ? ', with --validate' : ''})`);
for (const workload of ['orders', 'ride-sharing']) {
  const wall = [];
  const reported = [];
  for (let run = 0; run < runs; run += 1) {
    const out = mkdtempSync(join(tmpdir(), 'awsarch-bench-synth-'));
    const started = performance.now();
    const result = spawnSync(
      process.execPath,
      [
        join(root, 'bin', 'awsarch'),
        '--output',
        'json',
        'synth',
        workload,
        '--out',
        out,
        ...(values.validate ? ['--validate'] : []),
      ],
      { cwd: root, encoding: 'utf8' },
    );
    wall.push(performance.now() - started);
    rmSync(out, { recursive: true, force: true });
    if (result.status !== 0) throw new Error(`synth ${workload} failed: ${result.stderr}`);
    reported.push(JSON.parse(result.stdout).durationMs);
  }
  console.log(
    `  ${workload.padEnd(13)} ${seconds(median(wall))} wall (process start to exit), ${seconds(median(reported))} in-process synth (loading the toolkit, bundling, synthesis)`,
  );
}

// 2. Orders command handler and projector against dynalite.
const { default: dynalite } = await import('dynalite');
const { DynamoDBClient } = await import('@aws-sdk/client-dynamodb');
const { DynamoDBDocumentClient } = await import('@aws-sdk/lib-dynamodb');
const orders = await import(join(root, 'workloads-cdk', 'dist', 'orders', 'index.js'));
const { createTablesFromSchemas } = await import(
  join(root, 'workloads-cdk', 'dist', 'shared', 'runtime', 'create-tables.js')
);

const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const client = new DynamoDBClient({
  endpoint: `http://127.0.0.1:${server.address().port}`,
  region: 'us-east-1',
  credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
});
const db = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
const tables = await createTablesFromSchemas(client, orders.ORDERS_TABLE_SCHEMAS, 'bench-');
const store = new orders.DynamoEventStore(db, { events: tables.events, snapshots: tables.snapshots });
const readModels = new orders.ReadModelStore(db, {
  summaries: tables.summaries,
  customerOrders: tables.customerOrders,
  dailyTotals: tables.dailyTotals,
});
const deps = { store, snapshotEvery: 20, now: () => new Date().toISOString() };

/** Five commands per order: create with two items, add an item, remove one, discount, confirm (7 events). */
const commandsFor = (index, prefix = 'order') => {
  const orderId = `${prefix}-${index}`;
  return [
    {
      type: 'CreateOrder',
      orderId,
      customerId: `customer-${index % 50}`,
      currency: 'EUR',
      items: [
        { sku: 'BOOK', quantity: 2, unitPriceCents: 1250 },
        { sku: 'PEN', quantity: 3, unitPriceCents: 180 },
      ],
    },
    { type: 'AddItem', orderId, sku: 'MUG', quantity: 1, unitPriceCents: 899 },
    { type: 'RemoveItem', orderId, sku: 'PEN', quantity: 1 },
    { type: 'ApplyDiscount', orderId, code: 'WELCOME', percent: 10 },
    { type: 'ConfirmOrder', orderId },
  ];
};

async function runCommands(indexes, prefix) {
  let next = 0;
  let commands = 0;
  const worker = async () => {
    for (;;) {
      const index = indexes[next++];
      if (index === undefined) return;
      for (const command of commandsFor(index, prefix)) {
        const outcome = await orders.handleOrderCommand(deps, {
          command,
          commandId: `${command.type}-${command.orderId}`,
        });
        if (outcome.kind !== 'applied') throw new Error(`${command.type} on ${command.orderId}: ${outcome.kind}`);
        commands += 1;
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { commands, ms: performance.now() - started };
}

console.log(
  `\norders against dynalite on 127.0.0.1 (${orderCount} orders x 5 commands = 7 events each, ${concurrency} orders at a time)`,
);
await runCommands([...Array(20).keys()], 'warmup');
const commandRun = await runCommands([...Array(orderCount).keys()], 'order');
console.log(
  `  command handler  ${Math.round((commandRun.commands / commandRun.ms) * 1000)} commands/s (${commandRun.commands} commands in ${seconds(commandRun.ms)}; load, decide, conditional append)`,
);

const commits = [];
for (let segment = 0, key; segment < 1;) {
  const page = await store.scanCommits(0, 1, key);
  commits.push(...page.commits.filter((commit) => commit.aggregateId.startsWith('order-')));
  key = page.nextKey;
  if (!key) segment += 1;
}
commits.sort((a, b) => a.aggregateId.localeCompare(b.aggregateId) || a.version - b.version);
const events = commits.reduce((sum, commit) => sum + commit.events.length, 0);
const project = async (batches) => {
  const started = performance.now();
  let applied = 0;
  let next = 0;
  const worker = async () => {
    for (;;) {
      const batch = batches[next++];
      if (!batch) return;
      const stats = await orders.projectCommits({ store, readModels }, batch);
      applied += stats.eventsApplied;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { applied, ms: performance.now() - started };
};
const batchesOf = (list, size) =>
  Array.from({ length: Math.ceil(list.length / size) }, (_, index) => list.slice(index * size, (index + 1) * size));
// Stream-like batches: each order's commits together, in order (DynamoDB Streams orders records per key).
const byOrder = new Map();
for (const commit of commits) byOrder.set(commit.aggregateId, [...(byOrder.get(commit.aggregateId) ?? []), commit]);
const streamBatches = batchesOf([...byOrder.values()], 20).map((group) => group.flat());
const live = await project(streamBatches);
console.log(
  `  projector        ${Math.round((events / live.ms) * 1000)} events/s (${live.applied} events of ${commits.length} commits in ${seconds(live.ms)}; batches of 20 orders, ${concurrency} batches at a time)`,
);
const redelivered = await project(streamBatches);
console.log(
  `  projector again  ${Math.round((events / redelivered.ms) * 1000)} events/s on redelivery (${redelivered.applied} applied: all skipped by version)`,
);
const totals = await readModels.dailyTotals(new Date().toISOString().slice(0, 10));
console.log(
  `  check            daily totals: ${totals.confirmedOrders} confirmed orders, ${JSON.stringify(totals.revenueCents)} (expected ${orderCount})`,
);

client.destroy();
await new Promise((resolve) => server.close(resolve));
