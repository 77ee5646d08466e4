import { countCells, type BaselineReport } from '../baselines/report.js';
import { toDocument, type JsonDocument } from './document.js';

/** `baseline status` and `baseline apply` print the same report with its cell counts, each as its own kind. */
export function baselineDocument(
  report: BaselineReport,
): JsonDocument<'baseline-status'> | JsonDocument<'baseline-apply'> {
  const counts = countCells(report);
  const { mode, ...rest } = report;
  return mode === 'status'
    ? toDocument('baseline-status', { mode, ...rest, counts })
    : toDocument('baseline-apply', { mode, ...rest, counts });
}
