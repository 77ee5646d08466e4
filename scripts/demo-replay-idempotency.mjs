#!/usr/bin/env node
// A demo step: replay the last 30 minutes of the ride-sharing archive into the bus, to every rule, and
// show its effect. Before and after, it counts the items of each service's tables (through the sandbox's
// DynamoDB, as Dev's administrator) and each service's invocations (from the sandbox's function logs):
// the replay runs every service again for its events, and the tables do not change, because every
// consumer is idempotent. Exits 1 if a table changed or nothing was re-driven.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { openDemoSandbox } from './demo-aws.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stateDir = process.env.AWSARCH_SANDBOX_DIR ?? join(root, '.awsarch', 'sandbox');
const SERVICES = ['Ride', 'Driver', 'Payment', 'Notification', 'Analytics', 'Fraud'];

const demo = await openDemoSandbox();
try {
  const accountId = await demo.accountId('Dev');
  const config = demo.config(await demo.assume(`arn:aws:iam::${accountId}:role/OrganizationAccountAccessRole`, 'demo'));
  const { Stacks = [] } = await new CloudFormationClient(config).send(
    new DescribeStacksCommand({ StackName: 'RideSharing' }),
  );
  const tables = Object.fromEntries(
    (Stacks[0]?.Outputs ?? [])
      .filter((output) => output.OutputKey?.endsWith('TableName'))
      .map((output) => [output.OutputKey.replace(/TableName$/, ''), output.OutputValue]),
  );
  const db = new DynamoDBClient(config);
  const itemCounts = async () => {
    const counts = {};
    for (const [name, table] of Object.entries(tables)) {
      let count = 0;
      let ExclusiveStartKey;
      do {
        const page = await db.send(new ScanCommand({ TableName: table, Select: 'COUNT', ExclusiveStartKey }));
        count += page.Count ?? 0;
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey);
      counts[name] = count;
    }
    return counts;
  };
  const logs = join(stateDir, 'lambda', 'logs');
  const invocations = () =>
    Object.fromEntries(
      SERVICES.map((service) => {
        const file = readdirSync(logs).find(
          (name) =>
            name.startsWith(`${accountId}-`) && name.includes(`-${service}HandlerFunction`) && name.endsWith('.log'),
        );
        const text = file ? readFileSync(join(logs, file), 'utf8') : '';
        return [service, (text.match(/^START RequestId/gm) ?? []).length];
      }),
    );
  /** Waits until no service has been invoked for two seconds: the work queued so far is done. */
  const quiet = async () => {
    let last = JSON.stringify(invocations());
    for (let stable = 0; stable < 8;) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const now = JSON.stringify(invocations());
      stable = now === last ? stable + 1 : 0;
      last = now;
    }
  };

  await quiet();
  const before = { items: await itemCounts(), invocations: invocations() };
  const replay = spawnSync(
    process.execPath,
    [
      join(root, 'bin', 'awsarch'),
      '--sandbox',
      'replay',
      'ride-sharing',
      '--account',
      'Dev',
      '--from',
      '30m',
      '--to',
      'now',
      '--wait',
      '--interval',
      '250ms',
      '--name',
      'demo-idempotency',
    ],
    { stdio: 'inherit', env: process.env },
  );
  if (replay.status !== 0) process.exit(replay.status ?? 1);
  await quiet();
  const after = { items: await itemCounts(), invocations: invocations() };

  process.stdout.write('\nService       invocations before -> after\n');
  for (const service of SERVICES)
    process.stdout.write(
      `  ${service.padEnd(12)} ${String(before.invocations[service]).padStart(5)} -> ${String(after.invocations[service]).padStart(5)}  (+${after.invocations[service] - before.invocations[service]} replayed)\n`,
    );
  process.stdout.write('\nTable         items before -> after\n');
  const changed = [];
  for (const name of Object.keys(tables)) {
    const same = before.items[name] === after.items[name];
    if (!same) changed.push(name);
    process.stdout.write(
      `  ${name.padEnd(14)} ${String(before.items[name]).padStart(5)} -> ${String(after.items[name]).padStart(5)}  ${same ? 'unchanged' : 'CHANGED'}\n`,
    );
  }
  const redriven = SERVICES.reduce((sum, service) => sum + after.invocations[service] - before.invocations[service], 0);
  process.stdout.write(
    changed.length === 0 && redriven > 0
      ? `\nThe replay re-drove ${redriven} deliveries to the six services; every consumer saw a duplicate and no table changed.\n`
      : `\nUnexpected: ${redriven} deliveries re-driven, tables changed: ${changed.join(', ') || 'none'}\n`,
  );
  process.exitCode = changed.length === 0 && redriven > 0 ? 0 : 1;
} finally {
  await demo.close();
}
