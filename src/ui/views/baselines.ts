import { cellText } from '../../baselines/progress.js';
import {
  countCells,
  type BaselineCell,
  type BaselineReport,
  type CellCounts,
  type CellState,
} from '../../baselines/report.js';
import type { HumanBlock, MatrixCell } from '../io-host.js';

const TONES: Record<CellState, MatrixCell['tone']> = {
  ok: 'ok',
  applied: 'ok',
  planned: 'warn',
  drift: 'warn',
  missing: 'warn',
  error: 'bad',
};
const MAX_DETAIL_LINES = 60;

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

/** The accounts x steps matrix (TUI and plain), and what differs or failed below it. */
export function baselineView(report: BaselineReport): HumanBlock[] {
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
  return human;
}
