import type { Outcome } from '../core/outcome.js';
import type { ApplyResult } from './apply-action.js';
import type { LandingZonePlan } from './plan/model.js';

/**
 * How `awsarch plan` ends: bad input when a guardrail refuses the plan (apply would change nothing);
 * changes pending with --detailed-exitcode when there is anything to do.
 */
export function planOutcome(plan: LandingZonePlan, options: { detailedExitCode: boolean }): Outcome {
  if (plan.refusals.length > 0) return 'bad-input';
  return options.detailedExitCode && plan.changes.length > 0 ? 'changes-pending' : 'ok';
}

/** How `awsarch apply` ends: failed when any change failed or was skipped (a re-run finishes the job). */
export function applyOutcome(result: Pick<ApplyResult, 'outcomes'>): Outcome {
  return result.outcomes.some((change) => change.status !== 'done') ? 'failed' : 'ok';
}
