import type { Outcome } from '../core/outcome.js';
import type { RunMode } from './run-context.js';
import type { StepName } from './model.js';

/** A cell of the accounts x steps matrix. */
export type CellState = 'ok' | 'drift' | 'missing' | 'error' | 'applied' | 'planned';

export interface BaselineCell {
  step: StepName;
  state: CellState;
  summary: string;
  /** What differs from the baseline (status and dry runs), one line each. */
  differences: string[];
  /** Changes planned (status, dry run) or made (apply). */
  changes: string[];
  error?: { code: string; message: string; hint?: string };
  /** For planned and applied cells: what was found before the change, missing or drift. */
  found?: 'ok' | 'drift' | 'missing';
}

export interface AccountRow {
  id: string;
  name: string;
  ou: string;
  cells: BaselineCell[];
}

/** The result of `baseline status|apply`: one row for the organization-level checks, one per account. */
export interface BaselineReport {
  baseline: string;
  mode: RunMode;
  homeRegion: string;
  regions: string[];
  steps: StepName[];
  organization: BaselineCell[];
  accounts: AccountRow[];
}

/** Live phases of a cell, before it has its final state. */
export type CellPhase = 'pending' | 'reading' | 'applying';

/** Told about every cell as it moves through its phases, for the TUI's row per account. */
export interface BaselineProgress {
  /** rowId is an account id, or 'organization' for the organization-level checks. */
  cell(rowId: string, step: StepName, phase: CellPhase | BaselineCell): void;
}

export type CellCounts = Record<CellState, number>;

/** How many cells (organization row included) are in each state. */
export function countCells(report: BaselineReport): CellCounts {
  const counts: CellCounts = { ok: 0, drift: 0, missing: 0, error: 0, applied: 0, planned: 0 };
  for (const cell of [...report.organization, ...report.accounts.flatMap((account) => account.cells)])
    counts[cell.state] += 1;
  return counts;
}

/**
 * Failed when any cell failed; with --detailed-exitcode changes pending when anything drifted or is
 * missing (status) or would change (dry run); else ok.
 */
export function baselineOutcome(report: BaselineReport, detailedExitcode: boolean): Outcome {
  const counts = countCells(report);
  if (counts.error > 0) return 'failed';
  if (detailedExitcode && counts.drift + counts.missing + counts.planned > 0) return 'changes-pending';
  return 'ok';
}
