import type { CommandContext } from '../core/context.js';
import { isAwsarchError } from '../core/errors.js';
import { MSG } from '../core/message-codes.js';
import type { Outcome } from '../core/outcome.js';
import { assessCompliance } from './assess.js';
import type { ComplianceAssessment } from './assessment.js';
import { collectCompliance, loadExpectations, type CollectRequest } from './collect.js';
import type { Severity } from './model.js';

export interface ComplianceRequest extends CollectRequest {
  maxLogAgeMinutes: number;
  failOn: Severity;
  top: number;
  /** --watch: refresh every this many milliseconds until Ctrl-C. */
  watchMs?: number;
}

/** What one read gives: the assessment and how it was read. */
export interface ComplianceReport {
  assessment: ComplianceAssessment;
  collection: { calls: number; rounds: number; durationMs: number };
}

/** What --watch ends with: how many refreshes, and the last report. */
export interface ComplianceWatchSummary {
  watch: { refreshes: number; last?: ComplianceReport };
}

export type ComplianceResult = ComplianceReport | ComplianceWatchSummary;

async function readReport(
  ctx: CommandContext,
  request: ComplianceRequest,
  spec: Awaited<ReturnType<typeof loadExpectations>>,
): Promise<ComplianceReport> {
  const snapshot = await collectCompliance(ctx, request, spec);
  return {
    assessment: assessCompliance(snapshot, {
      maxLogAgeMinutes: request.maxLogAgeMinutes,
      failOn: request.failOn,
      top: request.top,
    }),
    collection: snapshot.collection,
  };
}

/**
 * `compliance`: reads Config rules from the organization aggregator, findings from the Security Hub and
 * GuardDuty administrators, SCPs from Organizations and each account's trail status, and judges them per
 * account. With --watch it reads again every period until Ctrl-C, handing each report to `frames`.
 */
export async function complianceAction(
  ctx: CommandContext,
  request: ComplianceRequest,
  frames: (report: ComplianceReport) => void = () => {},
): Promise<ComplianceResult> {
  const spec = await loadExpectations(request.file, ctx.options.region);
  if (request.watchMs === undefined) {
    const task = ctx.io.task('Read compliance from the organization aggregator and the administrators');
    try {
      const report = await readReport(ctx, request, spec);
      task.succeed(
        `${report.assessment.accounts.length} account(s), ${report.collection.calls} calls in ${report.collection.rounds} rounds`,
      );
      return report;
    } catch (error) {
      task.fail();
      throw error;
    }
  }
  let refreshes = 0;
  let last: ComplianceReport | undefined;
  while (!ctx.signal.aborted) {
    try {
      last = await readReport(ctx, request, spec);
      refreshes += 1;
      frames(last);
    } catch (error) {
      // The first read must work; a later one may hit a passing error without ending the watch.
      if (refreshes === 0 || !isAwsarchError(error)) throw error;
      ctx.io.warn(MSG.COMPLIANCE_WATCH_READ_FAILED, `refresh failed, retrying: ${error.message}`, { code: error.code });
    }
    try {
      await ctx.clock.sleep(request.watchMs, ctx.signal);
    } catch {
      break;
    }
  }
  return { watch: { refreshes, last } };
}

/** Pure: with --detailed-exitcode, degraded (exit 4) when findings at or above --fail-on exist (in the last report). */
export function complianceOutcome(result: ComplianceResult, detailedExitCode: boolean): Outcome {
  const report = 'watch' in result ? result.watch.last : result;
  return detailedExitCode && (report?.assessment.atOrAboveFailOn ?? 0) > 0 ? 'degraded' : 'ok';
}
