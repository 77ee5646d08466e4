import { ExitCode } from '../core/errors.js';
import { toDocument, type JsonDocument } from '../documents/document.js';
import type { CommandResult, HumanBlock, MatrixCell } from '../ui/io-host.js';
import { cellText } from './progress.js';
import type { BaselineCell, BaselineReport, CellState } from './report.js';

const TONES: Record<CellState, MatrixCell['tone']> = {
  ok: 'ok',
  applied: 'ok',
  planned: 'warn',
  drift: 'warn',
  missing: 'warn',
  error: 'bad',
};
const MAX_DETAIL_LINES = 60;

export type CellCounts = Record<CellState, number>;

/** How many cells (organization row included) are in each state. */
export function countCells(report: BaselineReport): CellCounts {
  const counts: CellCounts = { ok: 0, drift: 0, missing: 0, error: 0, applied: 0, planned: 0 };
  for (const cell of [...report.organization, ...report.accounts.flatMap((account) => account.cells)])
    counts[cell.state] += 1;
  return counts;
}

/**
 * 1 when any cell failed; with --detailed-exitcode 3 when anything drifted or is missing (status) or
 * would change (dry run); else 0.
 */
export function baselineExitCode(report: BaselineReport, detailedExitcode: boolean): ExitCode {
  const counts = countCells(report);
  if (counts.error > 0) return ExitCode.Failed;
  if (detailedExitcode && counts.drift + counts.missing + counts.planned > 0) return ExitCode.ChangesPending;
  return ExitCode.Ok;
}

function summaryLine(report: BaselineReport, counts: CellCounts): string {
  const states: CellState[] =
    report.mode === 'status'
      ? ['ok', 'drift', 'missing', 'error']
      : report.mode === 'apply'
        ? ['ok', 'applied', 'error']
        : ['ok', 'planned', 'error'];
  return `${report.accounts.length} account(s) x ${report.steps.length} step(s), plus the organization row: ${states.map((state) => `${counts[state]} ${state.toUpperCase()}`).join(', ')}`;
}

function detailLines(row: string, cell: BaselineCell, mode: BaselineReport['mode']): string[] {
  if (cell.state === 'ok') return [];
  if (cell.state === 'error')
    return [
      `${row} / ${cell.step}: ${cell.error?.message ?? cell.summary}${cell.error?.hint ? ` (${cell.error.hint})` : ''}`,
    ];
  if (mode === 'status')
    return (cell.state === 'drift' && cell.differences.length ? cell.differences : [cell.summary]).map(
      (line) => `${row} / ${cell.step}: ${cell.state === 'missing' ? 'MISSING: ' : ''}${line}`,
    );
  if (mode === 'apply')
    return [
      `${row} / ${cell.step}: did ${cell.changes[0] ?? cell.summary}${cell.changes.length > 1 ? ` and ${cell.changes.length - 1} more change(s)` : ''}`,
    ];
  return cell.changes.map((change) => `${row} / ${cell.step}: would ${change}`);
}

/** The accounts x steps matrix (TUI and plain), what differs or failed below it, and the report as JSON. */
export function baselineView(report: BaselineReport, options: { detailedExitcode: boolean }): CommandResult {
  const counts = countCells(report);
  const rows = [
    { label: 'organization', cells: report.organization },
    ...report.accounts.map((account) => ({ label: `${account.name} ${account.id}`, cells: account.cells })),
  ];
  const verb = report.mode === 'status' ? 'status' : report.mode === 'apply' ? 'applied' : 'dry run';
  const human: HumanBlock[] = [
    {
      kind: 'matrix',
      title: `Baseline ${report.baseline} (${verb}; home ${report.homeRegion}, regions ${report.regions.join(', ')})`,
      corner: 'ACCOUNT',
      columns: report.steps,
      rows: rows.map((row) => ({
        label: row.label,
        cells: row.cells.map((cell) => ({ text: cellText(cell), tone: TONES[cell.state] })),
      })),
    },
  ];
  const details = rows.flatMap((row) => row.cells.flatMap((cell) => detailLines(row.label, cell, report.mode)));
  if (details.length > 0) {
    const shown = details.slice(0, MAX_DETAIL_LINES);
    if (details.length > shown.length)
      shown.push(`... and ${details.length - shown.length} more (--output json has them all)`);
    human.push({ kind: 'text', lines: shown });
  }
  human.push({ kind: 'text', lines: [summaryLine(report, counts)] });
  return {
    data: baselineDocument(report, counts),
    human,
    exitCode: baselineExitCode(report, options.detailedExitcode),
  };
}

/** `baseline status` and `baseline apply` print the same report, each as its own kind of document. */
function baselineDocument(
  report: BaselineReport,
  counts: CellCounts,
): JsonDocument<'baseline-status'> | JsonDocument<'baseline-apply'> {
  const { mode, ...rest } = report;
  return mode === 'status'
    ? toDocument('baseline-status', { mode, ...rest, counts })
    : toDocument('baseline-apply', { mode, ...rest, counts });
}
