import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { newStateDir, runAwsarch, startAwsarch, waitForOutput } from './run-binary.js';

const json = (text: string) => JSON.parse(text) as Record<string, any>;
const FAST = { AWSARCH_SANDBOX_CFN_RESOURCE_MS: '0', AWSARCH_SANDBOX_REPLAY_MINUTE_MS: '2' };
/** A replay that takes about a minute: long enough to interrupt. */
const SLOW = { ...FAST, AWSARCH_SANDBOX_REPLAY_MINUTE_MS: '200' };

describe('awsarch replay through the binary against the sandbox', () => {
  let stateDir: string;

  beforeAll(async () => {
    stateDir = newStateDir();
    for (const args of [
      ['--yes', 'deploy', 'orders', '--bootstrap'],
      ['--yes', 'deploy', 'ride-sharing'],
      ['sandbox', 'seed', 'orders', '--count', '120'],
      ['sandbox', 'seed', 'ride-sharing', '--count', '40'],
    ]) {
      const run = await runAwsarch(['--sandbox', ...args], stateDir, FAST);
      expect(run.code, `${args.join(' ')}\n${run.stderr}`).toBe(0);
    }
  }, 60_000);

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
        '6h',
        '--to',
        '11m',
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
    expect(result.archive.eventCount).toBeGreaterThan(100);
    expect(result.warnings).toEqual([
      { code: 'replay-window-before-archive', message: expect.stringContaining('was created at') },
    ]);
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
      ],
      stateDir,
      SLOW,
    );
    await waitForOutput(left, progressed);
    left.kill('SIGINT');
    const interrupted = await left.done;
    expect(interrupted.code).toBe(1);
    expect(json(interrupted.stdout).error).toMatchObject({
      code: 'interrupted',
      message: 'interrupted (Ctrl-C): replay e2e-left is left RUNNING and goes on',
      hint: expect.stringContaining('awsarch replay cancel e2e-left'),
    });
    const status = await runAwsarch(['--sandbox', '--output', 'json', 'replay', 'status', 'e2e-left'], stateDir, SLOW);
    expect(json(status.stdout).replay).toMatchObject({ name: 'e2e-left', state: 'RUNNING' });
    const cancel = await runAwsarch(
      ['--sandbox', '--output', 'json', 'replay', 'cancel', 'e2e-left', '--wait', '--interval', '100ms'],
      stateDir,
      SLOW,
    );
    expect([cancel.code, json(cancel.stdout).replay.state]).toEqual([0, 'CANCELLED']);

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
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toMatch(/"code":"replay-cancel-requested"/);
    expect(json(outcome.stdout)).toMatchObject({
      cancelledByUser: true,
      replay: { name: 'e2e-cancelled', state: 'CANCELLED' },
    });
  });

  it('rebuilds the orders read models in place (writing only what the projector missed), and into new tables after a kill -9, resuming', async () => {
    const dryRun = await runAwsarch(
      ['--sandbox', '--output', 'json', 'replay', 'orders', '--all', '--dry-run'],
      stateDir,
      FAST,
    );
    expect(json(dryRun.stdout)).toMatchObject({ dryRun: true, mode: 'in-place', itemsWritten: 0 });
    const inPlace = await runAwsarch(['--sandbox', '--output', 'json', 'replay', 'orders', '--all'], stateDir, FAST);
    expect(inPlace.code, inPlace.stderr).toBe(0);
    const repaired = json(inPlace.stdout);
    expect(repaired).toMatchObject({ mode: 'in-place', aggregates: 120, failed: [] });
    expect(repaired.itemsWritten).toBeGreaterThan(0);
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
      aggregates: 120,
      targets: [{ projection: 'order-summary', table: 'orders-summary-v2', rows: 120, written: expect.any(Number) }],
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
    expect(json(again.stdout)).toMatchObject({ targets: [{ table: 'orders-summary-v2', written: 0, current: 120 }] });
  });
});
