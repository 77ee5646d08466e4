#!/usr/bin/env node
// The bundled workloads running in the sandbox (issue 18's benchmarks), through the binary, printing figures:
//   1. what the machine gives the sandbox: sequential request latency, DynamoDB writes/s, PutEvents events/s;
//   2. ride-sharing: `awsarch load ride-sharing` at rising rates (events/s published, effects/s applied, lost,
//      publish-to-effect p50/p99, CPU per effect) - the highest rate with nothing lost, and the highest the
//      consumers keep up with (effects applied at >= 90% of the rate they are caused, so no queue builds);
//   3. orders: `awsarch load orders`: commands/s, command latency, command-to-read-model lag p99, query p50/p99;
//   4. 2 and 3 again with 5% of all invocations failing (AWSARCH_SANDBOX_FAULTS=LambdaHandler=...@0.05):
//      Lambda's retries, the stream's retries, and a redrive of the dead letters must lose nothing.
// The workloads run in a background sandbox (`awsarch sandbox start`), deployed in the management account.
// Run after `npm run build`:
//   node bench/workloads-run.mjs [--rates 5,10,20,40] [--duration 20s] [--orders-rate 20] [--settle 90s] [--skip-faults]
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    rates: { type: 'string', default: '2,5,10,20,40' },
    duration: { type: 'string', default: '20s' },
    'orders-rate': { type: 'string', default: '20' },
    settle: { type: 'string', default: '90s' },
    'skip-faults': { type: 'boolean', default: false },
  },
});
const rates = values.rates.split(',').map(Number);
const stateDir = mkdtempSync(join(tmpdir(), 'awsarch-bench-workloads-'));
const env = {
  ...process.env,
  CI: 'true',
  AWSARCH_SANDBOX_DIR: stateDir,
  AWSARCH_SANDBOX_CFN_RESOURCE_MS: '0',
  AWSARCH_SANDBOX_ROLE_PROPAGATION_MS: '0',
};
const load = () =>
  loadavg()
    .map((value) => value.toFixed(1))
    .join(' ');
console.log(`node ${process.version}, ${cpus().length} CPU(s), load average ${load()} (1, 5, 15 min)\n`);

/** A process's /proc/PID/stat fields after its name (field 3, the state, is index 0), or undefined once it is gone. */
function statFields(pid) {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  } catch {
    return undefined;
  }
}

/**
 * CPU seconds (user + system) of a process and its live descendants (the sandbox's DynamoDB engines are
 * child processes), from /proc (Linux); with waited: of its waited-for children instead (a spawnSync child).
 */
function cpuSeconds(pid, waited = false) {
  const ticks = (fields, at) => Number(fields[at]) + Number(fields[at + 1]);
  const own = statFields(pid);
  if (!own) return Number.NaN;
  if (waited) return ticks(own, 13) / 100;
  const parents = new Map();
  for (const entry of readdirSync('/proc')) {
    const fields = /^\d+$/.test(entry) ? statFields(entry) : undefined;
    if (fields) parents.set(Number(entry), { parent: Number(fields[1]), fields });
  }
  const descends = (candidate) => {
    for (let at = candidate; at > 1; at = parents.get(at)?.parent ?? 0) if (at === pid) return true;
    return false;
  };
  let total = 0;
  for (const [candidate, { fields }] of parents) if (descends(candidate)) total += ticks(fields, 11);
  return total / 100;
}
let sandboxPid;

function awsarch(args, extraEnv = {}) {
  const run = spawnSync(process.execPath, [join(root, 'bin', 'awsarch'), ...args], {
    cwd: root,
    env: { ...env, ...extraEnv },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** `awsarch sandbox start` in the background (with faults, if any); resolves once it serves. */
async function startSandbox(faults) {
  const child = spawn(process.execPath, [join(root, 'bin', 'awsarch'), 'sandbox', 'start', '--port', '0'], {
    cwd: root,
    env: { ...env, AWSARCH_SANDBOX_FAULTS: faults },
    stdio: 'ignore',
  });
  sandboxPid = child.pid;
  while (!existsSync(join(stateDir, 'server.json'))) {
    if (child.exitCode !== null) throw new Error('the sandbox did not start');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return async () => {
    child.kill('SIGINT');
    await new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', resolve)));
  };
}

/** One `awsarch load` run, with the CPU time it cost the sandbox and the load generator, and the wall time. */
function loadRun(args) {
  const before = { sandbox: cpuSeconds(sandboxPid), generator: cpuSeconds(process.pid, true), at: performance.now() };
  const run = awsarch(['--sandbox', '--output', 'json', 'load', ...args]);
  if (run.code !== 0 && run.code !== 1) throw new Error(`load ${args.join(' ')} failed (${run.code}): ${run.stderr}`);
  const wall = (performance.now() - before.at) / 1000;
  const sandbox = cpuSeconds(sandboxPid) - before.sandbox;
  const generator = cpuSeconds(process.pid, true) - before.generator;
  return { ...JSON.parse(run.stdout), cpu: { sandbox, generator, wall } };
}

/** CPU cost per unit of work, and how many cores the sandbox had on average while the run lasted. */
function cpuLine(cpu, units, unitName) {
  return `CPU: sandbox ${cpu.sandbox.toFixed(1)} s (${((cpu.sandbox * 1000) / units).toFixed(1)} ms per ${unitName}, ${(cpu.sandbox / cpu.wall).toFixed(2)} cores over ${Math.round(cpu.wall)} s), load generator ${cpu.generator.toFixed(1)} s`;
}

/** The services that consume RideRequested (Driver, Payment, Notification, Analytics): effects per event. */
const CONSUMERS = 4;
const ms = (value) => `${Math.round(value)}`;

function rideSharingLadder(label, extraArgs = []) {
  console.log(
    `ride-sharing ${label}: RideRequested to 4 consumers each, --duration ${values.duration}, --settle ${values.settle}`,
  );
  console.log(
    '  rate  published/s  effects/s  delivered  lost  dead-lettered  redriven  p50 ms  p95 ms  p99 ms  load avg',
  );
  let best;
  let keptUp;
  for (const rate of rates) {
    const result = loadRun([
      'ride-sharing',
      '--rate',
      String(rate),
      '--duration',
      values.duration,
      '--settle',
      values.settle,
      ...extraArgs,
    ]);
    const { deliveries, latencyMs, throughput } = result;
    console.log(
      `  ${String(rate).padStart(4)}  ${String(throughput.publishedPerSecond).padStart(11)}  ${String(throughput.deliveredPerSecond).padStart(9)}  ${`${deliveries.delivered}/${deliveries.expected}`.padStart(9)}  ${String(deliveries.lost).padStart(4)}  ${String(deliveries.deadLettered).padStart(13)}  ${String(deliveries.redriven).padStart(8)}  ${ms(latencyMs.delivery.p50).padStart(6)}  ${ms(latencyMs.delivery.p95).padStart(6)}  ${ms(latencyMs.delivery.p99).padStart(6)}  ${load()}`,
    );
    console.log(`        ${cpuLine(result.cpu, deliveries.delivered, 'effect')}`);
    if (deliveries.lost > 0) break;
    best = { rate, p99: latencyMs.delivery.p99, applied: throughput.deliveredPerSecond };
    if (throughput.deliveredPerSecond >= 0.9 * CONSUMERS * throughput.publishedPerSecond) keptUp = best;
  }
  console.log(
    best
      ? `  highest rate with nothing lost: ${best.rate} events/s (p99 ${ms(best.p99)} ms, ${best.applied} effects/s applied)\n`
      : '  every rate lost effects\n',
  );
  console.log(
    keptUp
      ? `  highest rate the consumers kept up with: ${keptUp.rate} events/s (p99 ${ms(keptUp.p99)} ms)\n`
      : '  the consumers kept up with none of the rates (a queue built at each)\n',
  );
}

function ordersRun(label) {
  const result = loadRun([
    'orders',
    '--rate',
    values['orders-rate'],
    '--duration',
    values.duration,
    '--settle',
    values.settle,
  ]);
  const { commands, projection, latencyMs, throughput } = result;
  console.log(`orders ${label}: ${values['orders-rate']} commands/s requested, --duration ${values.duration}`);
  console.log(
    `  ${throughput.commandsPerSecond} commands/s accepted (${commands.accepted}/${commands.sent}, ${commands.failed} failed, ${commands.retried} retried); read model: ${projection.delivered} shown, ${projection.lost} lost, ${projection.duplicated} duplicated`,
  );
  console.log(`  ${cpuLine(result.cpu, commands.accepted, 'command')}`);
  console.log(
    `  command p50 ${ms(latencyMs.command.p50)} ms, p99 ${ms(latencyMs.command.p99)} ms; command->read model p50 ${ms(latencyMs.projectionLag.p50)} ms, p99 ${ms(latencyMs.projectionLag.p99)} ms; query p50 ${ms(latencyMs.query.p50)} ms, p99 ${ms(latencyMs.query.p99)} ms; load avg ${load()}\n`,
  );
}

/** The sandbox's own capacity on this machine, measured with the SDK against the running sandbox. */
async function capacity() {
  const { endpoint } = JSON.parse(readFileSync(join(stateDir, 'server.json'), 'utf8'));
  const credentials = { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench' };
  const config = { endpoint, region: 'us-east-1', credentials, maxAttempts: 1 };
  const { STSClient, GetCallerIdentityCommand } = await import('@aws-sdk/client-sts');
  const { DynamoDBClient, CreateTableCommand, PutItemCommand } = await import('@aws-sdk/client-dynamodb');
  const { EventBridgeClient, CreateEventBusCommand, PutEventsCommand } = await import('@aws-sdk/client-eventbridge');
  const sts = new STSClient(config);
  await sts.send(new GetCallerIdentityCommand({}));
  const started = performance.now();
  for (let index = 0; index < 200; index += 1) await sts.send(new GetCallerIdentityCommand({}));
  const sequential = (performance.now() - started) / 200;
  const db = new DynamoDBClient(config);
  await db.send(
    new CreateTableCommand({
      TableName: 'bench-capacity',
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    }),
  );
  const parallel = async (count, concurrency, call) => {
    let next = 0;
    const began = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < count) await call(next++);
      }),
    );
    return count / ((performance.now() - began) / 1000);
  };
  const writes = await parallel(2000, 8, (index) =>
    db.send(new PutItemCommand({ TableName: 'bench-capacity', Item: { pk: { S: `k${index}` } } })),
  );
  const events = new EventBridgeClient(config);
  await events.send(new CreateEventBusCommand({ Name: 'bench-capacity' }));
  const calls = await parallel(500, 8, () =>
    events.send(
      new PutEventsCommand({
        Entries: Array.from({ length: 10 }, () => ({
          EventBusName: 'bench-capacity',
          Source: 'bench',
          DetailType: 'Bench',
          Detail: '{}',
        })),
      }),
    ),
  );
  console.log('the sandbox on this machine');
  console.log(`  sequential request latency (STS GetCallerIdentity): ${sequential.toFixed(2)} ms`);
  console.log(`  DynamoDB PutItem, 8 clients: ${Math.round(writes)} writes/s`);
  console.log(`  EventBridge PutEvents (10 entries, no rules), 8 clients: ${Math.round(calls * 10)} events/s\n`);
}

let stop = await startSandbox('');
try {
  for (const args of [
    ['--yes', 'deploy', 'orders', '--bootstrap'],
    ['--yes', 'deploy', 'ride-sharing'],
  ]) {
    const run = awsarch(['--sandbox', ...args]);
    if (run.code !== 0) throw new Error(`${args.join(' ')} failed: ${run.stderr}`);
  }
  await capacity();
  rideSharingLadder('(no faults)');
  ordersRun('(no faults)');
  if (!values['skip-faults']) {
    await stop();
    stop = await startSandbox('LambdaHandler=InjectedError@0.05');
    console.log('-- with 5% of invocations failing (AWSARCH_SANDBOX_FAULTS=LambdaHandler=InjectedError@0.05)\n');
    rideSharingLadder('(5% failures, --redrive)', ['--redrive']);
    ordersRun('(5% failures)');
  }
} finally {
  await stop();
  rmSync(stateDir, { recursive: true, force: true });
}
console.log(`load average at the end: ${load()}`);
