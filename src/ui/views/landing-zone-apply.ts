import { landingZoneApplyDocument, landingZonePlanDocument } from '../../documents/landing-zone.js';
import type { ApplyResult } from '../../landing-zone/apply-action.js';
import { applyOutcome, planOutcome } from '../../landing-zone/outcomes.js';
import type { PlanResult } from '../../landing-zone/plan-action.js';
import type { CommandResult, HumanBlock } from '../io-host.js';
import { compactPlanLines } from './landing-zone-plan.js';

const calls = (apiCalls: PlanResult['apiCalls']) =>
  `${apiCalls.total} API calls (${apiCalls.reads} reads, ${apiCalls.writes} writes)`;

/**
 * `awsarch plan`: the compact plan (with --details the diffs); exit 2 when a guardrail refuses it,
 * 3 with --detailed-exitcode when there are changes.
 */
export function planView(result: PlanResult, options: { details: boolean; detailedExitCode: boolean }): CommandResult {
  const lines = compactPlanLines(result.plan, { details: options.details });
  const human: HumanBlock[] = [];
  if (result.adopted?.length)
    human.push({
      kind: 'text',
      lines: [
        `Adopted into ${result.plan.source.path} (review the change, then commit it):`,
        ...result.adopted.map((item) => `  ${item.key}: ${item.description}`),
      ],
    });
  human.push({ kind: 'text', lines });
  if (result.refusalsAt.length > 0)
    human.push({
      kind: 'text',
      lines: [
        'This plan is refused by the guardrails (exit 2); apply would change nothing:',
        ...result.refusalsAt.map((line) => `  ${line}`),
      ],
    });
  const footer = [calls(result.apiCalls)];
  if (result.savedTo)
    footer.push(`Saved to ${result.savedTo}: apply exactly this plan with \`awsarch apply ${result.savedTo}\``);
  human.push({ kind: 'text', lines: footer });
  return {
    data: landingZonePlanDocument(result),
    human,
    outcome: planOutcome(result.plan, options),
  };
}

/** `awsarch apply`: what was done, each failure with its cause and each skip with its reason; exit 1 on any failure. */
export function applyView(result: ApplyResult): CommandResult {
  const lines: string[] = [];
  if (result.resumed)
    lines.push(
      `Resumed plan ${result.resumed.planId} (interrupted at ${result.resumed.startedAt} after ${result.resumed.done} change(s)).`,
    );
  if (result.outcomes.length === 0) lines.push('No changes: AWS already matches the landing-zone file.');
  else
    lines.push(
      `Applied plan ${result.planId} to ${result.organizationId ?? 'the organization'}: ${result.totals.done} done, ${result.totals.failed} failed, ${result.totals.skipped} skipped.`,
    );
  const failed = result.outcomes.filter((outcome) => outcome.status === 'failed');
  const skipped = result.outcomes.filter((outcome) => outcome.status === 'skipped');
  const human: HumanBlock[] = [{ kind: 'text', lines }];
  if (failed.length)
    human.push({
      kind: 'table',
      title: 'Failed (re-run `awsarch apply` to finish the job once the cause is fixed)',
      columns: ['CHANGE', 'CAUSE'],
      rows: failed.map((outcome) => [outcome.key, outcome.error?.message ?? outcome.detail ?? '']),
    });
  if (skipped.length)
    human.push({
      kind: 'table',
      title: 'Skipped',
      columns: ['CHANGE', 'WHY'],
      rows: skipped.map((outcome) => [outcome.key, outcome.detail ?? '']),
    });
  human.push({
    kind: 'text',
    lines: [...(result.journal ? [`Journal: ${result.journal}`] : []), calls(result.apiCalls)],
  });
  return {
    data: landingZoneApplyDocument(result),
    human,
    outcome: applyOutcome(result),
  };
}
