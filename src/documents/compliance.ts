import type { ComplianceReport, ComplianceWatchSummary } from '../compliance/compliance.js';
import { toDocument, type JsonDocument } from './document.js';

/** `compliance`: one report, or with --watch one line per refresh and the summary when it stops. */
export function complianceResultDocument(
  result: ComplianceReport | ComplianceWatchSummary,
): JsonDocument<'compliance'> | JsonDocument<'compliance-watch'> {
  return 'watch' in result ? toDocument('compliance-watch', result) : toDocument('compliance', result);
}

export function complianceFrameDocument(report: ComplianceReport): JsonDocument<'compliance-frame'> {
  return toDocument('compliance-frame', report);
}
