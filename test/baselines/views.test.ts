import { describe, expect, it } from 'vitest';
import { formatRow, TaskRowsProgress } from '../../src/baselines/progress.js';
import type { BaselineCell, BaselineReport, CellState } from '../../src/baselines/report.js';
import { baselineOutcome, countCells } from '../../src/baselines/report.js';
import { baselineDocument } from '../../src/documents/baselines.js';
import { exitCodeOf } from '../../src/core/exit-code.js';
import { baselineView } from '../../src/ui/views/baselines.js';
import { RecordingHost } from '../helpers/recording-host.js';

const cell = (step: BaselineCell['step'], state: CellState, extra: Partial<BaselineCell> = {}): BaselineCell => ({
  step,
  state,
  summary: state,
  differences: [],
  changes: [],
  ...extra,
});

function report(mode: BaselineReport['mode'], devCells: BaselineCell[]): BaselineReport {
  return {
    baseline: 'default',
    mode,
    homeRegion: 'us-east-1',
    regions: ['us-east-1'],
    steps: ['cloudtrail', 'roles'],
    organization: [cell('cloudtrail', 'ok'), cell('roles', 'ok')],
    accounts: [{ id: '111111111111', name: 'Dev', ou: 'Workloads', cells: devCells }],
  };
}

describe('baseline views', () => {
  it.each<[string, BaselineReport, boolean, number]>([
    ['all ok', report('status', [cell('cloudtrail', 'ok'), cell('roles', 'ok')]), true, 0],
    [
      'drift without --detailed-exitcode',
      report('status', [cell('cloudtrail', 'drift'), cell('roles', 'ok')]),
      false,
      0,
    ],
    [
      'drift with --detailed-exitcode',
      report('status', [cell('cloudtrail', 'drift'), cell('roles', 'missing')]),
      true,
      3,
    ],
    ['an error wins over drift', report('status', [cell('cloudtrail', 'drift'), cell('roles', 'error')]), true, 1],
    ['applied changes', report('apply', [cell('cloudtrail', 'applied'), cell('roles', 'ok')]), true, 0],
    [
      'a dry run that would change something',
      report('dry-run', [cell('cloudtrail', 'planned'), cell('roles', 'ok')]),
      true,
      3,
    ],
  ])('exit code: %s', (_label, result, detailed, code) => {
    expect(exitCodeOf(baselineOutcome(result, detailed))).toBe(code);
  });

  it('renders the matrix, what differs below it, a summary, and counts in the JSON', () => {
    const result = report('status', [
      cell('cloudtrail', 'drift', {
        differences: ['trail awsarch-baseline logging is stopped'],
        changes: ['start logging'],
      }),
      cell('roles', 'error', { error: { code: 'aws-error', message: 'AccessDenied', hint: 'check the role' } }),
    ]);
    const view = { human: baselineView(result) };
    expect(baselineOutcome(result, true)).toBe('failed');
    expect(baselineDocument(result)).toMatchObject({ counts: { ok: 2, drift: 1, error: 1 } });
    expect(view.human[0]).toMatchObject({
      kind: 'matrix',
      columns: ['cloudtrail', 'roles'],
      rows: [
        { label: 'organization' },
        {
          label: 'Dev 111111111111',
          cells: [
            { text: 'DRIFT (1)', tone: 'warn' },
            { text: 'ERROR', tone: 'bad' },
          ],
        },
      ],
    });
    expect(view.human[1]).toEqual({
      kind: 'text',
      lines: [
        'Dev 111111111111 / cloudtrail: trail awsarch-baseline logging is stopped',
        'Dev 111111111111 / roles: AccessDenied (check the role)',
      ],
    });
    expect(view.human[2]).toEqual({
      kind: 'text',
      lines: ['1 account(s) x 2 step(s), plus the organization row: 2 OK, 1 DRIFT, 0 MISSING, 1 ERROR'],
    });
    expect(countCells(result).drift).toBe(1);
  });
});

describe('TaskRowsProgress', () => {
  it('shows a row per account with a cell per step, ending each row when its cells are final', () => {
    const host = new RecordingHost();
    const progress = new TaskRowsProgress(
      host,
      'Check baseline default on 1 account(s)',
      [{ id: '111111111111', label: 'Dev (111111111111)' }],
      ['cloudtrail', 'roles'],
    );
    progress.cell('111111111111', 'cloudtrail', 'reading');
    const row = host.tasks.find((task) => task.path.endsWith('Dev (111111111111)'));
    expect(row).toMatchObject({ status: 'running', detail: 'cloudtrail reading      roles ·' });
    progress.cell('111111111111', 'cloudtrail', cell('cloudtrail', 'ok'));
    progress.cell('111111111111', 'roles', cell('roles', 'error'));
    expect(row).toMatchObject({ status: 'failed', detail: 'cloudtrail OK           roles ERROR' });
    progress.cell('organization', 'cloudtrail', cell('cloudtrail', 'ok'));
    progress.cell('organization', 'roles', cell('roles', 'ok'));
    expect(host.tasks.find((task) => /› organization +$/.test(task.path))?.status).toBe('succeeded');
    expect(host.tasks[0]?.progress).toEqual({ done: 4, total: 4 });
    progress.finish('done', false);
    expect(host.tasks[0]?.status).toBe('succeeded');
  });

  it('formats phases and final cells', () => {
    expect(
      formatRow(['cloudtrail', 'network'], new Map([['network', cell('network', 'applied', { changes: ['a', 'b'] })]])),
    ).toBe('cloudtrail ·            network APPLIED (2)');
  });
});
