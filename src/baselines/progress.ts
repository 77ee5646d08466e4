import type { IoHost, TaskHandle } from '../core/io-host.js';
import type { StepName } from './model.js';
import type { BaselineCell, BaselineProgress, CellPhase } from './report.js';

const PHASE_TEXT: Record<CellPhase, string> = { pending: '·', reading: 'reading', applying: 'applying' };

/** The text of a cell: OK, DRIFT, MISSING, ERROR, APPLIED or PLANNED, with the number of changes. */
export function cellText(cell: BaselineCell): string {
  const label = cell.state.toUpperCase();
  return cell.changes.length > 0 && cell.state !== 'ok' ? `${label} (${cell.changes.length})` : label;
}

/** Wide enough for "reading", "applying" and "MISSING (12)", so the rows of the TUI line up. */
const CELL_WIDTH = 12;

/** Pure: a row of cells as one line, e.g. "cloudtrail OK           config reading      guardduty ·". */
export function formatRow(steps: readonly StepName[], cells: ReadonlyMap<StepName, CellPhase | BaselineCell>): string {
  return steps
    .map((step, index) => {
      const cell = cells.get(step) ?? 'pending';
      const text = typeof cell === 'string' ? PHASE_TEXT[cell] : cellText(cell);
      return `${step} ${index === steps.length - 1 ? text : text.padEnd(CELL_WIDTH)}`;
    })
    .join(' ');
}

interface Row {
  task: TaskHandle;
  cells: Map<StepName, CellPhase | BaselineCell>;
  ended: boolean;
}

/**
 * Live progress as the IO host's tasks: a parent task with a progress bar and, under it, a row per
 * account (and one for the organization-level checks) whose detail shows a cell per step.
 */
export class TaskRowsProgress implements BaselineProgress {
  private readonly parent: TaskHandle;
  private readonly rows = new Map<string, Row>();
  private done = 0;
  private readonly total: number;

  constructor(
    io: IoHost,
    title: string,
    accounts: ReadonlyArray<{ id: string; label: string }>,
    private readonly steps: readonly StepName[],
  ) {
    this.parent = io.task(title);
    this.total = (accounts.length + 1) * steps.length;
    const rows = [{ id: 'organization', label: 'organization' }, ...accounts];
    const width = Math.max(...rows.map((row) => row.label.length));
    for (const { id, label } of rows) {
      this.rows.set(id, { task: this.parent.task(label.padEnd(width)), cells: new Map(), ended: false });
    }
    this.parent.progress(0, this.total);
  }

  cell(rowId: string, step: StepName, phase: CellPhase | BaselineCell): void {
    const row = this.rows.get(rowId);
    if (!row || row.ended) return;
    const wasFinal = typeof row.cells.get(step) === 'object';
    row.cells.set(step, phase);
    const line = formatRow(this.steps, row.cells);
    if (typeof phase === 'object' && !wasFinal) {
      this.done += 1;
      this.parent.progress(this.done, this.total);
    }
    const finals = this.steps
      .map((candidate) => row.cells.get(candidate))
      .filter((cell): cell is BaselineCell => typeof cell === 'object');
    if (finals.length < this.steps.length) {
      row.task.update(line);
      return;
    }
    row.ended = true;
    if (finals.some((cell) => cell.state === 'error')) row.task.fail(line);
    else row.task.succeed(line);
  }

  /** Ends the parent task with a one-line summary. */
  finish(summary: string, failed: boolean): void {
    if (failed) this.parent.fail(summary);
    else this.parent.succeed(summary);
  }
}
