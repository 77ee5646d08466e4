import type { ScpPlan } from '../../scps/diff.js';
import type { ScpApplyResult, ScpDiffResult } from '../../scps/plan-actions.js';
import { describeSize } from '../../scps/scp-quotas.js';
import type { HumanBlock } from '../io-host.js';

/** Pure: the plan as people read it: policy changes with a JSON diff, then attachments per target. */
export function planLines(plan: ScpPlan): string[] {
  const lines: string[] = [];
  if (plan.enableScps)
    lines.push(
      '~ enable service control policies in the root (attaches FullAWSAccess to the root, every OU and every account)',
    );
  for (const policy of plan.policies) {
    const size = describeSize(policy.size);
    if (policy.action === 'unchanged') {
      lines.push(`  ${policy.name} (${policy.policyId}): unchanged, ${size}`);
      continue;
    }
    if (policy.action === 'conflict') {
      lines.push(`! ${policy.name} (${policy.policyId}): exists but awsarch did not create it`);
      continue;
    }
    const verb =
      policy.action === 'create'
        ? '+ create'
        : policy.action === 'adopt'
          ? '~ adopt (tag as awsarch-managed)'
          : '~ update';
    const what = [
      policy.contentChanged && policy.action !== 'create' ? 'content' : '',
      policy.descriptionChanged && policy.action !== 'create' ? 'description' : '',
    ]
      .filter(Boolean)
      .join(' and ');
    lines.push(
      `${verb} ${policy.name}${policy.policyId ? ` (${policy.policyId})` : ''}${what ? `: ${what}` : ''}, ${size}`,
    );
    for (const line of policy.diff) lines.push(`    ${line}`);
  }
  for (const target of plan.targets) {
    const changes = [...target.attach.map((ref) => `+${ref.name}`), ...target.detach.map((ref) => `-${ref.name}`)];
    const after = target.after.map((ref) => ref.name).join(', ');
    lines.push(
      `${changes.length ? '~' : ' '} ${target.target.label}: ${changes.length ? `${changes.join(' ')} -> ` : 'unchanged: '}${after} (${target.after.length} of 5)`,
    );
  }
  return lines;
}

export function diffView(result: ScpDiffResult): HumanBlock[] {
  const human: HumanBlock[] = [{ kind: 'text', lines: planLines(result.plan) }];
  const summary =
    result.plan.writes === 0
      ? 'no changes: the organization already matches'
      : `${result.plan.writes} change(s) to apply`;
  const refusals = result.refusals.map((refusal) => `refused: ${refusal.message}`);
  human.push({ kind: 'text', lines: [summary, ...refusals] });
  return human;
}

export function applyView(result: ScpApplyResult): HumanBlock[] {
  const human: HumanBlock[] = [];
  if (result.dryRun || !result.outcome) {
    human.push({ kind: 'text', lines: planLines(result.plan) });
    human.push({
      kind: 'text',
      lines: [
        result.plan.writes === 0
          ? 'no changes: the organization already matches'
          : `dry run: ${result.plan.writes} change(s) would be made`,
      ],
    });
  } else {
    const outcome = result.outcome;
    human.push({
      kind: 'table',
      columns: ['SCP', 'ID', 'RESULT'],
      rows: outcome.policies.map((policy) => [
        policy.name,
        policy.policyId ?? '-',
        policy.status === 'failed'
          ? `failed: ${policy.error ?? ''}`
          : policy.status === 'done'
            ? `${policy.action}d`
            : policy.status,
      ]),
    });
    human.push({
      kind: 'table',
      columns: ['TARGET', 'ATTACHED', 'DETACHED', 'RESULT'],
      rows: outcome.targets.map((target) => [
        target.target,
        target.attached.join(', ') || '-',
        target.detached.join(', ') || '-',
        target.status === 'failed' ? `failed: ${target.error ?? ''}` : target.status,
      ]),
    });
  }
  human.push({
    kind: 'text',
    lines: [`${result.apiCalls.total} API calls (${result.apiCalls.reads} reads, ${result.apiCalls.writes} writes)`],
  });
  return human;
}
