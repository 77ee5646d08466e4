import type { CloseResult } from '../accounts/close-account.js';
import type { MoveResult } from '../accounts/move-account.js';
import type { ApplyResult } from '../landing-zone/apply-action.js';
import type { PlanResult } from '../landing-zone/plan-action.js';
import type { LandingZonePlan } from '../landing-zone/plan/model.js';
import { toDocument, type DocumentBody, type JsonDocument } from './document.js';

type PlanFields = DocumentBody<'landing-zone-apply'>['plan'];

/** The plan's own fields, as the plan document and the apply document's `plan` carry them. */
function planFields(plan: LandingZonePlan): PlanFields {
  return {
    planId: plan.planId,
    createdAt: plan.createdAt,
    source: { path: plan.source.path, sha256: plan.source.sha256 },
    organization: plan.organization,
    options: plan.options,
    changes: plan.changes,
    unmanaged: plan.unmanaged,
    refusals: plan.refusals.map(({ code, message, subject }) => ({ code, message, subject })),
    warnings: plan.warnings.map(({ code, message }) => ({ code, message })),
    totals: plan.totals,
  };
}

/** `awsarch plan --output json`. */
export function landingZonePlanDocument(result: PlanResult): JsonDocument<'landing-zone-plan'> {
  return toDocument('landing-zone-plan', {
    ...planFields(result.plan),
    refusalsAt: result.refusalsAt,
    adopted: result.adopted,
    savedTo: result.savedTo,
    apiCalls: result.apiCalls,
  });
}

/** The file `plan --out` writes: the plan document with the text of the landing-zone file it was made from. */
export function savedPlanDocument(plan: LandingZonePlan, text: string): JsonDocument<'landing-zone-plan'> {
  const fields = planFields(plan);
  return toDocument('landing-zone-plan', { ...fields, source: { ...fields.source, text } });
}

/** `awsarch apply --output json`. */
export function landingZoneApplyDocument(result: ApplyResult): JsonDocument<'landing-zone-apply'> {
  return toDocument('landing-zone-apply', {
    planId: result.planId,
    organizationId: result.organizationId,
    source: result.source,
    savedPlan: result.savedPlan,
    resumed: result.resumed,
    plan: planFields(result.plan),
    outcomes: result.outcomes.map(({ key, kind, status, detail, error }) => ({
      key,
      kind,
      status,
      detail,
      error: error && { code: error.code, message: error.message, hint: error.hint },
    })),
    totals: result.totals,
    journal: result.journal,
    apiCalls: result.apiCalls,
  });
}

export function accountMoveDocument(result: MoveResult): JsonDocument<'account-move'> {
  const { accountId, name, from, to, status, scps } = result;
  return toDocument('account-move', { accountId, name, from, to, status, scps });
}

export function accountCloseDocument(result: CloseResult): JsonDocument<'account-close'> {
  const { accountId, name, email, ou, status, budget } = result;
  return toDocument('account-close', { accountId, name, email, ou, status, budget });
}
