import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { commandInHint, runPasted } from './pasted-hint.js';
import { newStateDir, runAwsarch, runSandboxSteps, startAwsarch, waitForOutput } from './run-binary.js';
import { RIDE_SHARING_SERVICES, rideSharingSnapshot } from './workload-snapshot.js';

const json = (text: string) => JSON.parse(text) as Record<string, any>;
const FAST = {
  AWSARCH_SANDBOX_CFN_RESOURCE_MS: '0',
  AWSARCH_SANDBOX_REPLAY_MINUTE_MS: '2',
  // A retry "minute" of 250 ms keeps Lambda's 6-hour maximum event age at 90 s: under load, events wait for an
  // execution environment for seconds, and a shorter clock would expire them (the failure queue) before they run.
  AWSARCH_SANDBOX_RETRY_MINUTE_MS: '250',
};
/** A replay that takes about a minute: long enough to interrupt. */
const SLOW = { ...FAST, AWSARCH_SANDBOX_REPLAY_MINUTE_MS: '200' };

describe('awsarch replay through the binary against the sandbox', () => {
  let stateDir: string;
  // Orders in the event store: the seed's 120, plus what the rebuild test's load adds (later tests count on it).
  let ordersInStore = 120;

  beforeAll(async () => {
    stateDir = newStateDir();
    await runSandboxSteps(
      stateDir,
      [
        ['--yes', 'deploy', 'orders', '--bootstrap'],
        ['--yes', 'deploy', 'ride-sharing'],
        ['sandbox', 'seed', 'orders', '--count', '120'],
        ['sandbox', 'seed', 'ride-sharing', '--count', '6'],
      ],
      FAST,
    );
  }, 180_000);

  it('replays a window of the ride-sharing archive with progress to COMPLETED, and lists it', async () => {
    const run = await runAwsarch(
      [
        '--sandbox',
        '--output',
        'json',
        '--verbose',
        'replay',
        'ride-sharing',
        '--from',
        '30m',
        '--to',
        'now',
        '--rule',
        'Payment',
        '--wait',
        '--interval',
        '100ms',
        '--name',
        'e2e-whole',
      ],
      stateDir,
      FAST,
    );
    expect(run.code, run.stderr).toBe(0);
    const result = json(run.stdout);
    expect(result).toMatchObject({
      workload: 'ride-sharing',
      bus: { name: 'ride-sharing' },
      archive: { name: 'ride-sharing-archive' },
      rules: [expect.stringMatching(/Payment/)],
      waited: true,
      replay: { name: 'e2e-whole', state: 'COMPLETED', share: 1 },
    });
    // The seeded rides' events, every one published by a service.
    expect(result.archive.eventCount).toBeGreaterThan(30);
    expect(result.warnings).toEqual(
      expect.arrayContaining([
        { code: 'replay-window-before-archive', message: expect.stringContaining('was created at') },
        expect.objectContaining({ message: expect.stringContaining('last 10 minutes') }),
      ]),
    );
    expect(run.stderr).toMatch(/"type":"progress","id":\d+,"done":\d+,"total":1000/);

    const list = await runAwsarch(
      ['--sandbox', '--output', 'json', 'replay', 'list', '--state', 'COMPLETED'],
      stateDir,
      FAST,
    );
    expect(json(list.stdout).replays).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'e2e-whole', state: 'COMPLETED', share: 1 })]),
    );
  });

  it("replays every rule: each service runs again for the replayed events, and no service's table changes", async () => {
    const before = await rideSharingSnapshot(stateDir);
    expect(before.items.Rides).toBeGreaterThan(0);
    const replay = await runAwsarch(
      [
        '--sandbox',
        'replay',
        'ride-sharing',
        '--from',
        '30m',
        '--to',
        'now',
        '--wait',
        '--interval',
        '100ms',
        '--name',
        'e2e-every-rule',
      ],
      stateDir,
      FAST,
    );
    expect(replay.code, replay.stderr).toBe(0);
    const after = await rideSharingSnapshot(stateDir);
    expect(after.items).toEqual(before.items);
    for (const service of RIDE_SHARING_SERVICES)
      expect(after.invocations[service], service).toBeGreaterThan(before.invocations[service] ?? 0);
  });

  it("puts load on the bus and reads the consumers' effects back: none lost, none applied twice, with latency percentiles", async () => {
    const run = await runAwsarch(
      [
        '--sandbox',
        '--output',
        'json',
        'load',
        'ride-sharing',
        '--rate',
        '5',
        '--duration',
        '2s',
        '--duplicates',
        '0.5',
      ],
      stateDir,
      FAST,
    );
    expect(run.code, run.stderr).toBe(0);
    const result = json(run.stdout);
    expect(result).toMatchObject({
      kind: 'load-ride-sharing',
      consumers: ['Driver', 'Payment', 'Notification', 'Analytics'],
      deliveries: { lost: 0 },
      duplicatedEffects: 0,
    });
    expect(result.events.published).toBeGreaterThanOrEqual(9);
    expect(result.events.duplicatesSent).toBeGreaterThan(0);
    expect(result.deliveries.delivered).toBe(result.events.published * 4);
    expect(result.latencyMs.delivery.p99).toBeGreaterThanOrEqual(result.latencyMs.delivery.p50);
    const url = await runAwsarch(['--sandbox', '--output', 'json', 'workloads', 'url', 'orders'], stateDir, FAST);
    expect(json(url.stdout)).toMatchObject({
      kind: 'workloads-url',
      servedBy: 'sandbox',
      servedWhileThisCommandRuns: true,
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/_aws\/execute-api\/\w+$/),
    });
  });

  it('refuses a window in the future and a rule the bus does not have, starting nothing (exit 2)', async () => {
    const future = await runAwsarch(
      [
        '--sandbox',
        '--output',
        'json',
        'replay',
        'ride-sharing',
        '--from',
        '1h',
        '--to',
        new Date(Date.now() + 3_600_000).toISOString(),
      ],
      stateDir,
      FAST,
    );
    expect([future.code, json(future.stdout).error.code]).toEqual([2, 'replay-window-future']);
    const rule = await runAwsarch(
      ['--sandbox', '--output', 'json', 'replay', 'ride-sharing', '--from', '1h', '--to', '11m', '--rule', 'Billing'],
      stateDir,
      FAST,
    );
    expect([rule.code, json(rule.stdout).error.code]).toEqual([2, 'unknown-rule']);
  });

  it('on Ctrl-C without a terminal leaves the replay running, which status and cancel then handle; with --yes it cancels it', async () => {
    const progressed = /"type":"progress","id":\d+,"done":[1-9]\d*,/;
    // --account names the workload's account through the organization: the management account here.
    const org = await runAwsarch(['--sandbox', 'org', 'init'], stateDir, SLOW);
    expect(org.code, org.stderr).toBe(0);
    const left = startAwsarch(
      [
        '--sandbox',
        '--output',
        'json',
        '--verbose',
        'replay',
        'ride-sharing',
        '--from',
        '6h',
        '--to',
        '11m',
        '--wait',
        '--interval',
        '100ms',
        '--name',
        'e2e-left',
        '--account',
        'Management',
      ],
      stateDir,
      SLOW,
    );
    await waitForOutput(left, progressed);
    left.kill('SIGINT');
    const interrupted = await left.done;
    expect(interrupted.code).toBe(130);
    expect(json(interrupted.stdout).error).toMatchObject({
      code: 'interrupted',
      message: 'interrupted (Ctrl-C): replay e2e-left is left RUNNING and goes on',
    });
    // The hints name every option needed to reach the replay again (--sandbox, --account) and work when pasted.
    const hint = json(interrupted.stdout).error.hint as string;
    expect(commandInHint(hint, /follow it with: (awsarch .*)$/m)).toBe(
      'awsarch --sandbox replay status e2e-left --wait --account Management',
    );
    const status = await runAwsarch(['--sandbox', '--output', 'json', 'replay', 'status', 'e2e-left'], stateDir, SLOW);
    expect(json(status.stdout).replay).toMatchObject({ name: 'e2e-left', state: 'RUNNING' });
    const cancelCommand = commandInHint(hint, /cancel it with: (awsarch .*)$/m);
    expect(cancelCommand).toBe('awsarch --sandbox replay cancel e2e-left --wait --account Management');
    const cancel = await runPasted(`${cancelCommand} --output json --interval 100ms`, stateDir, SLOW);
    expect([cancel.code, json(cancel.stdout).replay.state], cancel.stderr).toEqual([0, 'CANCELLED']);

    const cancelled = startAwsarch(
      [
        '--sandbox',
        '--output',
        'json',
        '--verbose',
        '--yes',
        'replay',
        'ride-sharing',
        '--from',
        '6h',
        '--to',
        '11m',
        '--wait',
        '--interval',
        '100ms',
        '--name',
        'e2e-cancelled',
      ],
      stateDir,
      SLOW,
    );
    await waitForOutput(cancelled, progressed);
    cancelled.kill('SIGINT');
    const outcome = await cancelled.done;
    expect(outcome.code).toBe(130);
    expect(outcome.stderr).toMatch(/"code":"replay-cancel-requested"/);
    expect(json(outcome.stdout)).toMatchObject({
      cancelledByUser: true,
      replay: { name: 'e2e-cancelled', state: 'CANCELLED' },
    });
  });

  // Nine runs of the binary (a fault, a load with its settle, the status, replays, a kill -9 and the resume): about
  // 20 s on an idle machine, 30 s at load average 15, so the default 30 s budget of one test leaves no room.
  it(
    'rebuilds the orders read models in place (writing only what the failing projector dead-lettered), and into new tables after a kill -9, resuming',
    { timeout: 90_000 },
    async () => {
      // The projector fails while commands arrive: each stream record is retried (10 times), then dead-lettered.
      // The sandbox's pollers run only while an awsarch process is alive, and a record the projector gives up on
      // is healed by a later commit of the same order (the projector fills gaps from the event store), so the
      // fault stays until the projector has given up on every commit the load wrote: only then is what the
      // in-place rebuild must repair fixed, whatever the machine's speed. A short retry minute makes the ten
      // retries of each record cheap (no asynchronous invocation runs in these processes).
      const failing = { ...FAST, AWSARCH_SANDBOX_RETRY_MINUTE_MS: '12' };
      const deadLettered = async () => {
        const status = await runAwsarch(
          ['--sandbox', '--output', 'json', 'workloads', 'status', 'orders'],
          stateDir,
          failing,
        );
        expect(status.code, status.stderr).toBe(0);
        return Number(json(status.stdout).deadLettered);
      };
      const deadBefore = await deadLettered();
      const fault = await runAwsarch(['--sandbox', 'sandbox', 'fault', 'function-errors', 'Projector'], stateDir, FAST);
      expect(fault.code, fault.stderr).toBe(0);
      const load = await runAwsarch(
        ['--sandbox', '--output', 'json', 'load', 'orders', '--rate', '5', '--duration', '2s', '--settle', '2s'],
        stateDir,
        failing,
      );
      expect(load.code, load.stderr).toBe(1);
      const loaded = json(load.stdout);
      expect(loaded.commands.accepted).toBeGreaterThan(0);
      expect(loaded.projection).toMatchObject({ delivered: 0, lost: loaded.commands.accepted });
      // One dead letter per record (bisected down to one before it is given up). Every status run hosts the
      // poller while it lives, so the count grows with each; a run in which it does not move is one record's
      // retries not finished yet, and a dozen such runs in a row means the projector is stuck.
      let stalled = 0;
      for (let seen = 0, last = -1; seen < loaded.commands.accepted; last = seen) {
        seen = (await deadLettered()) - deadBefore;
        stalled = seen > last ? 0 : stalled + 1;
        if (stalled > 12)
          throw new Error(`the projector gave up on ${seen} of the ${loaded.commands.accepted} records and stalled`);
      }
      const restore = await runAwsarch(['--sandbox', 'sandbox', 'fault', 'function-restore'], stateDir, FAST);
      expect(restore.code, restore.stderr).toBe(0);

      const dryRun = await runAwsarch(
        ['--sandbox', '--output', 'json', 'replay', 'orders', '--all', '--dry-run'],
        stateDir,
        FAST,
      );
      expect(json(dryRun.stdout)).toMatchObject({ dryRun: true, mode: 'in-place', itemsWritten: 0 });
      const inPlace = await runAwsarch(['--sandbox', '--output', 'json', 'replay', 'orders', '--all'], stateDir, FAST);
      expect(inPlace.code, inPlace.stderr).toBe(0);
      const repaired = json(inPlace.stdout);
      const orders = 120 + Number(loaded.commands.orders);
      ordersInStore = orders;
      expect(repaired).toMatchObject({ mode: 'in-place', aggregates: orders, failed: [] });
      // Every loaded order's summary (at least) was lost with its dead-lettered commits.
      expect(repaired.itemsWritten).toBeGreaterThanOrEqual(Number(loaded.commands.orders));
      expect(repaired.itemsCurrent).toBeGreaterThan(repaired.itemsWritten);

      const checkpoint = join(stateDir, 'rebuild-checkpoint.json');
      const args = [
        '--sandbox',
        '--output',
        'json',
        'replay',
        'orders',
        '--projection',
        'order-summary',
        '--to-table',
        'orders-summary-v2',
        '--page-size',
        '10',
        '--segments',
        '2',
        '--checkpoint',
        checkpoint,
      ];
      const slow = { ...FAST, AWSARCH_SANDBOX_FAULTS: 'latency=25ms' };
      const first = startAwsarch(args, stateDir, slow);
      const started = Date.now();
      while (!(
        existsSync(checkpoint) &&
        JSON.parse(readFileSync(checkpoint, 'utf8')).segments.some(
          (segment: { stats: { events: number } }) => segment.stats.events > 0,
        )
      )) {
        if (first.exitCode !== null)
          throw new Error(`the rebuild ended before it could be killed: ${first.output().stderr}`);
        if (Date.now() - started > 20_000) throw new Error('no checkpoint progress');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      first.kill('SIGKILL');
      await first.done;
      const resumed = await runAwsarch(args, stateDir, FAST);
      expect(resumed.code, resumed.stderr).toBe(0);
      const result = json(resumed.stdout);
      expect(result).toMatchObject({
        mode: 'new-table',
        resumed: true,
        runs: 2,
        aggregates: orders,
        targets: [
          { projection: 'order-summary', table: 'orders-summary-v2', rows: orders, written: expect.any(Number) },
        ],
        switched: [{ projection: 'order-summary', to: 'orders-summary-v2' }],
      });
      expect(result.eventsThisRun).toBeLessThan(result.eventsRead);
      expect(existsSync(checkpoint)).toBe(false);
      // The stack now serves order summaries from the new table: an in-place rebuild there finds everything current.
      const again = await runAwsarch(
        ['--sandbox', '--output', 'json', 'replay', 'orders', '--projection', 'order-summary'],
        stateDir,
        FAST,
      );
      expect(json(again.stdout)).toMatchObject({
        targets: [{ table: 'orders-summary-v2', written: 0, current: orders }],
      });
    },
  );

  it('a --to-table rebuild killed right after CreateTable resumes into the table its tags show it created; another rebuild may not', async () => {
    const args = [
      '--sandbox',
      '--output',
      'json',
      '--verbose',
      'replay',
      'orders',
      '--projection',
      'orders-by-customer',
      '--to-table',
      'orders-by-customer-v2',
      '--checkpoint',
      join(stateDir, 'by-customer-checkpoint.json'),
    ];
    // Slow answers leave time to kill the process after CreateTable answered, before the first checkpoint.
    const first = startAwsarch(args, stateDir, { ...FAST, AWSARCH_SANDBOX_FAULTS: 'latency=1s' });
    await waitForOutput(first, /"code":"aws-call"[^\n]*"operation":"CreateTable"/);
    first.kill('SIGKILL');
    await first.done;
    expect(existsSync(join(stateDir, 'by-customer-checkpoint.json'))).toBe(false);

    const resumed = await runAwsarch(args, stateDir, FAST);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/"code":"tables-recognised"/);
    expect(json(resumed.stdout)).toMatchObject({
      mode: 'new-table',
      aggregates: ordersInStore,
      switched: [{ projection: 'orders-by-customer', to: 'orders-by-customer-v2' }],
    });

    const another = await runAwsarch(
      ['--sandbox', 'replay', 'orders', '--projection', 'daily-totals', '--to-table', 'orders-by-customer-v2'],
      stateDir,
      FAST,
    );
    expect(another.code).toBe(2);
    expect(another.stderr).toMatch(/table orders-by-customer-v2 already exists and was not created by this rebuild/);
  });
});
