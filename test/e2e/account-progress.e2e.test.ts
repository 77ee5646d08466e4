import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { newStateDir, runAwsarch } from './run-binary.js';

// account create's step counter and ETA as a pipeline sees them: plain lines (one per step change, no
// spinner), and --output json --verbose progress events (validated against schemas/event.schema.json).
describe('account create shows step k of n with an ETA', () => {
  let stateDir: string;

  beforeAll(async () => {
    stateDir = newStateDir();
    const init = await runAwsarch(['--sandbox', 'org', 'init', '--ou', 'Workloads/Prod'], stateDir);
    expect(init.code, init.stderr).toBe(0);
  });

  const create = (name: string, extra: string[] = []) =>
    runAwsarch(
      [
        '--sandbox',
        ...extra,
        'account',
        'create',
        '--name',
        name,
        '--email',
        `aws+${name.toLowerCase()}@example.com`,
        '--ou',
        'Workloads/Prod',
      ],
      stateDir,
    );

  it('plain: one counter line per step; the ETA is unknown until it can be estimated', async () => {
    const run = await create('Dev');
    expect(run.code, run.stderr).toBe(0);
    const counters = run.stderr.split('\n').filter((line) => line.startsWith('  Dev → Workloads/Prod: '));
    expect(counters.map((line) => /: (\d)\/6 /.exec(line)?.[1])).toEqual(['0', '1', '2', '3', '4', '5', '6']);
    // A fresh organization has no creation to go by: how long AWS takes is unknown until this one is created.
    expect(counters[0]).toBe('  Dev → Workloads/Prod: 0/6 locate · ETA unknown');
    expect(counters[1]).toBe('  Dev → Workloads/Prod: 1/6 create · ETA unknown');
    expect(counters[2]).toBe('  Dev → Workloads/Prod: 2/6 wait for creation · ETA unknown');
    expect(counters[3]).toMatch(/^ {2}Dev → Workloads\/Prod: 3\/6 move into the OU · ETA (<1s|\d+\.\ds)$/);
    expect(counters[6]).toBe('  Dev → Workloads/Prod: 6/6 done');
    // Each count follows the line of the step it counts.
    const lines = run.stderr.split('\n');
    expect(lines.indexOf(counters[1] as string)).toBeGreaterThan(
      lines.findIndex((line) => line.startsWith('✓ Dev → Workloads/Prod › locate')),
    );
    // No spinner frames or redraws in a pipe.
    expect(run.stderr).not.toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]|\u001b\[/);
  });

  it('json --verbose: progress events carry etaMs, from the first step on once the organization has created one', async () => {
    const run = await create('Test', ['--output', 'json', '--verbose']);
    expect(run.code, run.stderr).toBe(0);
    const events = run.stderr
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { type: string; id: number; title?: string; done?: number; etaMs?: unknown });
    const account = events.find((event) => event.type === 'task' && event.title === 'Test → Workloads/Prod');
    const progress = events.filter((event) => event.type === 'progress' && event.id === account?.id);
    expect(progress[0]).toMatchObject({ done: 0, total: 6, etaMs: null });
    // Dev's creation is the history: after the first step the whole run can be estimated.
    const afterLocate = progress.find((event) => event.done === 1);
    expect(afterLocate?.etaMs).toEqual(expect.any(Number));
    expect(progress.at(-1)).toMatchObject({ done: 6, total: 6 });
    expect(progress.at(-1)?.etaMs).toBeUndefined();
  });

  it('apply counts the steps of every account it creates on one row, one line per step', async () => {
    const file = join(stateDir, 'two-accounts.yaml');
    writeFileSync(
      file,
      [
        'version: 1',
        'organizationalUnits: [Workloads/Prod]',
        'accounts:',
        '  - { name: Prod, email: aws+prod@example.com, ou: Workloads/Prod }',
        '  - { name: Stage, email: aws+stage@example.com, ou: Workloads/Prod }',
        '',
      ].join('\n'),
    );
    const run = await runAwsarch(['--sandbox', '--yes', 'apply', '-f', file], stateDir);
    expect(run.code, run.stderr).toBe(0);
    const counters = run.stderr.split('\n').filter((line) => line.startsWith('  Vend 2 accounts: '));
    expect(counters.map((line) => /: (\d+)\/12 /.exec(line)?.[1])).toEqual(
      Array.from({ length: 13 }, (_, i) => String(i)),
    );
    // Two accounts were created in this organization before: the ETA is known once a step was measured.
    expect(counters[0]).toMatch(/ETA unknown$/);
    expect(counters[1]).toMatch(/ · ETA (<1s|\d+\.\ds)$/);
    expect(counters[12]).toBe('  Vend 2 accounts: 12/12 2 of 2 vended');
    expect(run.stderr).toMatch(/^✓ Vend 2 accounts: 2 accounts, 12 of 12 steps/m);
  });
});
