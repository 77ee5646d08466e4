import { DEFAULT_LEASE_WAIT_MS } from '../aws/run-lease-decisions.js';
import { withRunLease } from '../aws/run-lease.js';
import { MSG } from '../core/message-codes.js';
import type { CommandContext } from '../core/context.js';
import { AwsarchError, usageError } from '../core/errors.js';
import { ERR } from '../core/error-codes.js';
import { executePlan, type ChangeOutcome } from './apply/execute.js';
import { interruptedRun, journalPathFor, markSuperseded, RunJournal, summarizeJournal } from './apply/journal.js';
import { ApplyRun, DEFAULT_APPLY_TIMING, type ApplyTiming } from './apply/run.js';
import { loadLandingZone, parseLandingZone } from './file/load.js';
import { formatRefusal } from './plan/locate.js';
import type { LandingZonePlan } from './plan/model.js';
import { callCounts, makePlan } from './plan-action.js';
import { compareWithSaved, readSavedPlan, type Freshness, type SavedPlan } from './saved-plan.js';
import type { LandingZoneSpec } from './spec.js';
import { REFUSAL } from '../scps/refusal-codes.js';

/** What `awsarch apply` is asked for: a saved plan, or a file to plan now. */
export interface ApplyRequest {
  planFile?: string;
  file?: string;
  prune: boolean;
  close: boolean;
  adoptScps: boolean;
  concurrency: number;
  journalDir: string;
  timing?: ApplyTiming;
  /** How long to wait for another run holding the organization's run lease (default 10 minutes). */
  leaseWaitMs?: number;
}

/** Asked before anything is written, with the plan to show above the question (the command renders it). */
export interface ApplyConfirmation {
  confirm(plan: LandingZonePlan, question: string, kind: 'apply' | 'prune'): Promise<boolean>;
}

export interface ApplyResult {
  planId: string;
  organizationId?: string;
  source: { path: string; sha256: string };
  /** Applied from a saved plan (which was checked against AWS first). */
  savedPlan?: string;
  /** Set when this run finished what an interrupted one began. */
  resumed?: { planId: string; startedAt: string; done: number };
  plan: LandingZonePlan;
  outcomes: ChangeOutcome[];
  totals: { done: number; failed: number; skipped: number };
  journal?: string;
  apiCalls: { total: number; reads: number; writes: number };
}

function staleError(path: string, freshness: Extract<Freshness, { state: 'stale' }>): AwsarchError {
  const shown = freshness.differences.slice(0, 10);
  return new AwsarchError(
    ERR.STALE_PLAN,
    `the saved plan ${path} is stale, nothing was changed: the organization no longer matches what it was planned against\n  ${shown.join('\n  ')}${freshness.differences.length > shown.length ? `\n  ... and ${freshness.differences.length - shown.length} more` : ''}`,
    {
      outcome: 'bad-input',
      hint: 'make a new plan (`awsarch plan -f FILE --out plan.json`), review it, and apply that',
      details: { differences: freshness.differences },
    },
  );
}

function refusedError(plan: LandingZonePlan, spec: LandingZoneSpec): AwsarchError {
  const lines = plan.refusals.map((refusal) => formatRefusal(refusal, spec));
  return new AwsarchError(
    ERR.LANDING_ZONE_REFUSED,
    lines.length === 1
      ? `refusing to apply, nothing was changed: ${lines[0]}`
      : `refusing to apply, nothing was changed:\n  ${lines.join('\n  ')}`,
    {
      outcome: 'bad-input',
      hint: plan.refusals.some((refusal) => refusal.code === REFUSAL.SCP_NOT_MANAGED)
        ? 'rename the SCP in the file, or pass --adopt-scps to let awsarch take the existing one over'
        : 'fix the landing-zone file (or the organization) and plan again',
      details: { refusals: plan.refusals },
    },
  );
}

/**
 * `awsarch apply`: plans from what AWS says now (for a saved plan: checks that this is still exactly
 * that plan, or what is left of it after an interrupted apply of it), refuses on any guardrail,
 * confirms (prune separately), then applies in order with a journal of every step.
 */
export async function applyAction(
  ctx: CommandContext,
  request: ApplyRequest,
  confirmation: ApplyConfirmation,
): Promise<ApplyResult> {
  const saved = request.planFile ? await readSavedPlan(request.planFile) : undefined;
  if (saved && request.file)
    throw usageError(
      ERR.CONFLICTING_OPTIONS,
      'give a saved plan or -f FILE, not both',
      'a saved plan carries its file',
    );
  const spec = saved
    ? await parseLandingZone(saved.source.text, saved.source.path, { fallbackRegion: ctx.options.region })
    : await loadLandingZone(request.file ?? '', { fallbackRegion: ctx.options.region });
  const options = saved ? saved.options : { prune: request.prune, close: request.close, adopt: request.adoptScps };
  // One run at a time changes the organization: the run lease is taken before AWS is read, as baseline, scp and
  // account apply do, so a run that waited for another plans from what that one left. It is held through the
  // confirmations (renewed every 15 s while a person answers), so what was confirmed is what gets applied.
  const lease = { purpose: 'apply', waitMs: request.leaseWaitMs ?? DEFAULT_LEASE_WAIT_MS };
  return withRunLease(ctx, lease, (leased) => planAndApply(leased, { request, confirmation, saved, spec, options }));
}

interface ApplyInputs {
  request: ApplyRequest;
  confirmation: ApplyConfirmation;
  saved: SavedPlan | undefined;
  spec: LandingZoneSpec;
  options: { prune: boolean; close: boolean; adopt: boolean };
}

/** Plans, checks, confirms and applies; called holding the run lease (ctx is the lease's context). */
async function planAndApply(ctx: CommandContext, inputs: ApplyInputs): Promise<ApplyResult> {
  const { request, confirmation, saved, spec, options } = inputs;
  const { plan, live } = await makePlan(ctx, spec, options);

  let resumed: ApplyResult['resumed'];
  let interruptedJournal: string | undefined;
  if (saved) {
    const journal = summarizeJournal(journalPathFor(request.journalDir, saved.planId));
    const freshness = compareWithSaved(saved, plan, journal);
    if (freshness.state === 'stale') throw staleError(request.planFile ?? '', freshness);
    if (freshness.state === 'resume' && journal)
      resumed = { planId: saved.planId, startedAt: journal.startedAt, done: freshness.done };
  } else {
    const interrupted = interruptedRun(request.journalDir, spec.source.sha256);
    if (interrupted) {
      resumed = { planId: interrupted.planId, startedAt: interrupted.startedAt, done: interrupted.done.length };
      interruptedJournal = interrupted.path;
    }
  }
  if (resumed)
    ctx.io.info(
      MSG.LANDING_ZONE_RESUME,
      `an apply of plan ${resumed.planId} started at ${resumed.startedAt} was interrupted after ${resumed.done} change(s); this run finishes it`,
      resumed,
    );
  if (plan.refusals.length > 0) throw refusedError(plan, spec);

  const base = {
    planId: saved?.planId ?? plan.planId,
    ...(plan.organization.id ? { organizationId: plan.organization.id } : {}),
    source: { path: spec.source.path, sha256: spec.source.sha256 },
    ...(request.planFile ? { savedPlan: request.planFile } : {}),
    ...(resumed ? { resumed } : {}),
    plan,
  };
  if (plan.changes.length === 0) {
    ctx.io.info(MSG.LANDING_ZONE_NO_CHANGES, 'AWS already matches the landing-zone file; nothing to do');
    if (interruptedJournal) markSuperseded(interruptedJournal, base.planId);
    return { ...base, outcomes: [], totals: { done: 0, failed: 0, skipped: 0 }, apiCalls: callCounts(ctx) };
  }
  const where = plan.organization.id ? `organization ${plan.organization.id}` : 'a new organization';
  if (!(await confirmation.confirm(plan, `Apply ${plan.changes.length} change(s) to ${where}?`, 'apply')))
    throw new AwsarchError(ERR.CANCELLED, 'cancelled; nothing was changed');
  const removals = plan.changes.filter((change) =>
    ['prune-move-account', 'close-account', 'delete-ou', 'delete-scp'].includes(change.kind),
  );
  if (removals.length > 0) {
    const closes = removals.filter((change) => change.kind === 'close-account').length;
    const question = `--prune removes ${removals.length} thing(s) awsarch manages from the organization${closes ? `, CLOSING ${closes} account(s)` : ''}: ${removals.map((change) => change.key.replace(/^prune:/, '')).join(', ')}. Go ahead?`;
    if (!(await confirmation.confirm(plan, question, 'prune')))
      throw new AwsarchError(ERR.CANCELLED, 'cancelled; nothing was changed');
  }

  const journalPath = journalPathFor(request.journalDir, base.planId);
  const journal = RunJournal.open(journalPath, {
    planId: base.planId,
    source: spec.source.path,
    sha256: spec.source.sha256,
    changes: plan.changes.length,
  });
  const run = new ApplyRun(ctx, spec, plan, live, request.timing ?? DEFAULT_APPLY_TIMING);
  const outcomes = await executePlan(run, journal, { concurrency: request.concurrency });
  const totals = {
    done: outcomes.filter((outcome) => outcome.status === 'done').length,
    failed: outcomes.filter((outcome) => outcome.status === 'failed').length,
    skipped: outcomes.filter((outcome) => outcome.status === 'skipped').length,
  };
  journal.end(totals);
  if (interruptedJournal && interruptedJournal !== journalPath && totals.failed === 0 && totals.skipped === 0)
    markSuperseded(interruptedJournal, base.planId);
  return {
    ...base,
    organizationId: run.organizationId || plan.organization.id,
    outcomes,
    totals,
    journal: journalPath,
    apiCalls: callCounts(ctx),
  };
}
