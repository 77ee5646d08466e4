import type { CommandContext } from '../core/context.js';
import { loadLandingZone } from './file/load.js';
import { readLive } from './live/read-live.js';
import type { LiveLandingZone } from './live/model.js';
import { formatRefusal } from './plan/locate.js';
import type { LandingZonePlan } from './plan/model.js';
import { planLandingZone } from './plan/plan.js';
import { writeSavedPlan } from './saved-plan.js';
import type { LandingZoneSpec } from './spec.js';

/** What `awsarch plan` is asked for. */
export interface PlanRequest {
  file: string;
  prune: boolean;
  close: boolean;
  /** Take over same-named SCPs awsarch did not create. */
  adoptScps: boolean;
  /** Save the plan (with the file it was made from) for `awsarch apply PLAN.json`. */
  out?: string;
  /** AWS calls in flight per service for the baseline reads. */
  concurrency: number;
}

export interface PlanResult {
  plan: LandingZonePlan;
  /** Each refusal as "file:line:column: path: message". */
  refusalsAt: string[];
  savedTo?: string;
  apiCalls: { total: number; reads: number; writes: number };
}

/** The plan of a file against what AWS says now, with the spec and the live state it came from. */
export async function makePlan(
  ctx: CommandContext,
  spec: LandingZoneSpec,
  options: { prune: boolean; close: boolean; adopt: boolean; concurrency: number },
): Promise<{ plan: LandingZonePlan; live: LiveLandingZone }> {
  const live = await readLive(ctx, spec, { concurrency: options.concurrency });
  const plan = planLandingZone(spec, live, { ...options, now: new Date(ctx.clock.now()) });
  return { plan, live };
}

export function callCounts(ctx: CommandContext): PlanResult['apiCalls'] {
  const calls = ctx.aws.calls.snapshot();
  return { total: calls.total, reads: calls.reads, writes: calls.writes };
}

/** `awsarch plan`: validates the file, reads AWS, plans; saves the plan with --out (not one that is refused). */
export async function planAction(ctx: CommandContext, request: PlanRequest): Promise<PlanResult> {
  const spec = await loadLandingZone(request.file, { fallbackRegion: ctx.options.region });
  const { plan } = await makePlan(ctx, spec, {
    prune: request.prune,
    close: request.close,
    adopt: request.adoptScps,
    concurrency: request.concurrency,
  });
  const refusalsAt = plan.refusals.map((refusal) => formatRefusal(refusal, spec));
  let savedTo: string | undefined;
  if (request.out && plan.refusals.length === 0) {
    await writeSavedPlan(request.out, plan, spec);
    savedTo = request.out;
    ctx.io.info(
      'landing-zone-plan-saved',
      `saved the plan to ${request.out}; apply it with \`awsarch apply ${request.out}\``,
      {
        path: request.out,
        planId: plan.planId,
      },
    );
  }
  return { plan, refusalsAt, ...(savedTo ? { savedTo } : {}), apiCalls: callCounts(ctx) };
}
