import { readOrganization } from '../accounts/org-reader.js';
import { DEFAULT_LEASE_WAIT_MS } from '../aws/run-lease-decisions.js';
import { withRunLease } from '../aws/run-lease.js';
import { confirmChanges } from '../core/confirm.js';
import type { CommandContext } from '../core/context.js';
import { AwsarchError } from '../core/errors.js';
import type { Outcome } from '../core/outcome.js';
import { executeScpPlan, type ApplyOutcome } from './apply.js';
import { desiredFromFile, desiredFromOptions, type DesiredScps } from './desired.js';
import type { PlanMode, ScpPlan } from './diff.js';
import type { Refusal } from './guardrails.js';
import { scpBlastRadius, scpChangeLines } from './blast-radius.js';
import { readTargetsOfPolicies } from './deployed-state.js';
import { prepareScpPlan, type PreparedPlan } from './prepare.js';
import { ERR } from '../core/error-codes.js';
import { MSG } from '../core/message-codes.js';
import { REFUSAL } from './refusal-codes.js';

/** What `scp diff` and `scp apply` are asked to do. */
export interface ScpPlanRequest {
  from?: string;
  targets: string[];
  policies: string[];
  params: string[];
  exclusive: boolean;
  adopt: boolean;
  /** --allow-lockout: an OU or account may be locked out on purpose (never the root). */
  allowLockout?: boolean;
  /** apply: how long to wait for another run holding the organization's run lease. */
  leaseWaitMs?: number;
}

export interface ScpDiffResult {
  organizationId: string;
  plan: ScpPlan;
  refusals: Refusal[];
}

export interface ScpApplyResult extends ScpDiffResult {
  dryRun: boolean;
  outcome?: ApplyOutcome;
  /** API calls this run made, reads and writes counted separately. */
  apiCalls: { total: number; reads: number; writes: number };
}

/** With --from the file lays out the targets (--target only narrows the plan to one); otherwise the options do. */
async function desiredOf(request: ScpPlanRequest): Promise<{ desired: DesiredScps; mode: PlanMode }> {
  const desired = request.from
    ? await desiredFromFile(request.from, request.params)
    : await desiredFromOptions(request);
  return { desired, mode: { declarative: desired.declarative, exclusive: request.exclusive, adopt: request.adopt } };
}

function prepareFor(
  ctx: CommandContext,
  request: ScpPlanRequest,
  desired: DesiredScps,
  mode: PlanMode,
): Promise<PreparedPlan> {
  // With --from, --target narrows the layout to one target.
  return prepareScpPlan(ctx, desired, mode, request.from ? request.targets[0] : undefined, request.allowLockout);
}

/** `scp diff`: the plan, and what the guardrails would refuse; changes nothing. */
export async function diffScps(ctx: CommandContext, request: ScpPlanRequest): Promise<ScpDiffResult> {
  const { desired, mode } = await desiredOf(request);
  const prepared = await prepareFor(ctx, request, desired, mode);
  return { organizationId: prepared.basics.organizationId, plan: prepared.plan, refusals: prepared.refusals };
}

/** `scp apply`: refuses (exit 2, nothing changed) when a guardrail objects; otherwise converges. */
export async function applyScps(
  ctx: CommandContext,
  request: ScpPlanRequest,
  options: { dryRun: boolean },
): Promise<ScpApplyResult> {
  const { desired, mode } = await desiredOf(request);
  if (options.dryRun) return planAndApply(ctx, request, options, desired, mode);
  // Held from before the organization is read, so the plan cannot be stale by the time it is applied.
  return withRunLease(ctx, { purpose: 'scp apply', waitMs: request.leaseWaitMs ?? DEFAULT_LEASE_WAIT_MS }, (leased) =>
    planAndApply(leased, request, options, desired, mode),
  );
}

async function planAndApply(
  ctx: CommandContext,
  request: ScpPlanRequest,
  options: { dryRun: boolean },
  desired: DesiredScps,
  mode: PlanMode,
): Promise<ScpApplyResult> {
  const prepared = await prepareFor(ctx, request, desired, mode);
  const { plan, refusals, basics } = prepared;
  const calls = () => {
    const snapshot = ctx.aws.calls.snapshot();
    return { total: snapshot.total, reads: snapshot.reads, writes: snapshot.writes };
  };
  if (refusals.length > 0) {
    throw new AwsarchError(
      ERR.SCP_GUARDRAIL,
      `refusing to apply, nothing was changed:\n  ${refusals.map((refusal) => refusal.message).join('\n  ')}`,
      {
        outcome: 'bad-input',
        hint: refusals.some((refusal) => refusal.code === REFUSAL.SCP_NOT_MANAGED)
          ? 'rename the template, or pass --adopt to let awsarch take the existing SCP over'
          : undefined,
        details: { refusals },
      },
    );
  }
  const base = { organizationId: basics.organizationId, plan, refusals };
  if (options.dryRun || plan.writes === 0) {
    if (plan.writes === 0) ctx.io.info(MSG.SCP_NO_CHANGES, 'the SCPs are already as requested; nothing to do');
    return { ...base, dryRun: options.dryRun, apiCalls: calls() };
  }
  if (!ctx.options.yes) {
    await confirmChanges(ctx, {
      question: `Apply ${plan.writes} change(s) to the SCPs of organization ${basics.organizationId}?`,
      changes: await changeList(ctx, prepared),
    });
  }
  const outcome = await executeScpPlan(ctx, plan, basics.rootId, desired.rendered);
  return { ...base, dryRun: false, outcome, apiCalls: calls() };
}

/** What the confirmation shows: each change, and where each changed SCP is attached (two reads: targets, tree). */
async function changeList(ctx: CommandContext, prepared: PreparedPlan): Promise<string[]> {
  const reading = ctx.io.task('Read where the changed SCPs apply');
  try {
    const changed = prepared.plan.policies.filter((policy) => policy.policyId && policy.action !== 'unchanged');
    const known = prepared.current.targetsOfPolicies;
    const missing = changed.map((policy) => policy.policyId as string).filter((id) => !known?.has(id));
    const [read, snapshot] = await Promise.all([readTargetsOfPolicies(ctx.aws, missing), readOrganization(ctx.aws)]);
    const targets = new Map([...(known ?? new Map()), ...read]);
    const radius = scpBlastRadius(prepared.plan, targets, snapshot);
    reading.succeed(`${radius.accounts} of ${radius.memberAccounts} member accounts affected`);
    return scpChangeLines(prepared.plan, radius);
  } catch (error) {
    reading.fail();
    throw error;
  }
}

/** Ok when everything converged, failed when a policy or target failed (the rest was still applied). */
export function applyOutcome(result: ScpApplyResult): Outcome {
  const failed = [...(result.outcome?.policies ?? []), ...(result.outcome?.targets ?? [])].some(
    (step) => step.status === 'failed',
  );
  return failed ? 'failed' : 'ok';
}

/** Bad input when apply would refuse; with --detailed-exitcode, changes pending when there are changes. */
export function diffOutcome(result: ScpDiffResult, detailedExitCode: boolean): Outcome {
  if (result.refusals.length > 0) return 'bad-input';
  return detailedExitCode && result.plan.writes > 0 ? 'changes-pending' : 'ok';
}
