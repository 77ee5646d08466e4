import type { ScpPlan } from '../scps/diff.js';
import type { ScpApplyResult, ScpDiffResult } from '../scps/plan-actions.js';
import { toDocument, type DocumentBody, type JsonDocument } from './document.js';

type PublicPlan = DocumentBody<'scp-diff'>['plan'];

const names = (refs: ReadonlyArray<{ name: string }>) => refs.map((ref) => ref.name);

/** The plan as pipelines read it: SCPs by name, targets by label and id (no planner bookkeeping). */
export function publicScpPlan(plan: ScpPlan): PublicPlan {
  return {
    enableScps: plan.enableScps,
    policies: plan.policies.map((policy) => ({
      name: policy.name,
      action: policy.action,
      policyId: policy.policyId,
      contentChanged: policy.contentChanged,
      descriptionChanged: policy.descriptionChanged,
      size: policy.size,
      diff: policy.diff,
    })),
    targets: plan.targets.map((target) => ({
      target: target.target.label,
      targetId: target.target.id,
      targetType: target.target.type,
      before: names(target.before),
      after: names(target.after),
      attach: names(target.attach),
      detach: names(target.detach),
    })),
  };
}

export function scpDiffDocument(result: ScpDiffResult): JsonDocument<'scp-diff'> {
  return toDocument('scp-diff', {
    organizationId: result.organizationId,
    changes: result.plan.writes,
    plan: publicScpPlan(result.plan),
    refusals: result.refusals.map(({ code, message, target, policy }) => ({ code, message, target, policy })),
  });
}

export function scpApplyDocument(result: ScpApplyResult): JsonDocument<'scp-apply'> {
  return toDocument('scp-apply', {
    organizationId: result.organizationId,
    dryRun: result.dryRun,
    changes: result.plan.writes,
    plan: publicScpPlan(result.plan),
    outcome: result.outcome && {
      enabledScps: result.outcome.enabledScps,
      policies: result.outcome.policies.map(({ name, action, status, policyId, error }) => ({
        name,
        action,
        status,
        policyId,
        error,
      })),
      targets: result.outcome.targets.map(({ target, targetId, attached, detached, status, error }) => ({
        target,
        targetId,
        attached,
        detached,
        status,
        error,
      })),
    },
    apiCalls: result.apiCalls,
  });
}
