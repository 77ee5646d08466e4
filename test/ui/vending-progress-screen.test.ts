import { beforeAll, describe, expect, test } from 'vitest';
import { VendProgressReport } from '../../src/accounts/vend-progress-report.js';
import { vendStepPlan } from '../../src/accounts/vend-progress.js';
import type { VendStepName } from '../../src/accounts/vend-model.js';
import { ERR } from '../../src/core/error-codes.js';
import { AwsarchError } from '../../src/core/errors.js';
import { endTaskAfterError } from '../../src/core/task-end.js';
import { ttyOf } from './fake-tty.js';
import type { ScreenEmulator } from './screen-emulator.js';

// account create's progress as the real ink host draws it on an 80x24 terminal: the account's row shows
// step k of n and the ETA while it runs; once ended, the row keeps its count and loses the ETA; a task
// ended by a declined prompt is cancelled (⊘), never "✗ failed".
let InkHost: typeof import('../../src/ui/ink-host.js').InkHost;
beforeAll(async () => {
  delete process.env.CI; // ink decides at load whether it is in CI (then it never redraws)
  ({ InkHost } = await import('../../src/ui/ink-host.js'));
});

/** Waits until the screen shows a line that matches (ink renders on its own schedule). */
async function lineShown(screen: ScreenEmulator, pattern: RegExp): Promise<string> {
  for (let attempt = 0; attempt < 500; attempt++) {
    const line = screen.lines.findLast((candidate) => pattern.test(candidate));
    if (line !== undefined) return line;
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`no line matches ${pattern}:\n${screen.lines.join('\n')}`);
}

describe('vending progress in the ink view at 80x24', () => {
  test('the account row shows 3/6 and the ETA while running; ended, it keeps 3/6 without an ETA', async () => {
    const { screen, terminal, err } = ttyOf(80, 24);
    const host = new InkHost(terminal, { verbose: false, colour: false });
    let now = 0;
    const report = new VendProgressReport({ now: () => now }, { concurrency: 1, typicalCreationMs: 60_000 });
    const progress = report.account(vendStepPlan({ wait: true, baseline: false }));
    const account = host.task('Dev → Workloads/NonProd');
    progress.attach(account);
    const durations: Array<[VendStepName, number]> = [
      ['locate', 300],
      ['create', 500],
      ['wait', 45_000],
    ];
    for (const [step, ms] of durations) {
      const task = account.task(step);
      progress.started(step);
      now += ms;
      progress.ended(step, 'done');
      task.succeed();
    }
    const move = account.task('move');
    progress.started('move');
    // move, tag and access left, each the median quick step measured so far (400 ms).
    const running = await lineShown(screen, /Dev → Workloads\/NonProd.*\(3\/6\)/);
    expect(running).toContain('ETA 1.2s');
    expect(running).toMatch(/\(3\/6\) ETA 1\.2s move/);
    expect(running.length).toBeLessThanOrEqual(80);

    // Ctrl-C or a "no" ends the step and the account: cancelled rows, the count kept, no ETA.
    const declined = new AwsarchError(ERR.CANCELLED, 'cancelled; nothing was changed');
    endTaskAfterError(move, declined);
    progress.finish('cancelled');
    endTaskAfterError(account, declined);
    host.error(declined);
    await host.close();
    const transcript = screen.transcript();
    const ended = transcript.filter((line) => line.includes('Dev → Workloads/NonProd'));
    expect(ended).toHaveLength(1);
    expect(ended[0]).toMatch(/^⊘ Dev → Workloads\/NonProd .*\(3\/6\)/);
    expect(ended[0]).not.toContain('ETA');
    expect(transcript).toContainEqual(expect.stringMatching(/^ {2}⊘ move cancelled/));
    expect(transcript.filter((line) => line.includes('✗'))).toEqual([]);
    expect(transcript.filter((line) => line.length > 80)).toEqual([]);
    expect(screen.clears).toBe(0);
    expect(err()).toBe('⊘ cancelled; nothing was changed\n');
  }, 30_000);

  test('before the first step ends, and without a history of creations, it says "ETA unknown"', async () => {
    const { screen, terminal } = ttyOf(80, 24);
    const host = new InkHost(terminal, { verbose: false, colour: false });
    let now = 0;
    const report = new VendProgressReport({ now: () => now }, { concurrency: 1 });
    const progress = report.account(vendStepPlan({ wait: true, baseline: true }));
    const account = host.task('Sandbox → Workloads/NonProd');
    progress.attach(account);
    progress.started('locate');
    expect(await lineShown(screen, /Sandbox .*\(0\/7\)/)).toContain('ETA unknown');
    now += 200;
    progress.ended('locate', 'done');
    progress.started('create');
    // The creation wait is still to come and nothing says how long AWS takes: still unknown.
    expect(await lineShown(screen, /Sandbox .*\(1\/7\)/)).toContain('ETA unknown');
    progress.finish('vended');
    account.succeed();
    await host.close();
  }, 30_000);
});
