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
