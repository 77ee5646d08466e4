import { MSG } from '../core/message-codes.js';
import { writeFile } from 'node:fs/promises';
import type { CommandContext } from '../core/context.js';
import { usageError } from '../core/errors.js';
import { ERR } from '../core/error-codes.js';
import { adoptableItems, adoptInto, selectAdoptions, type Adoption } from './adopt.js';
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
  /** Write what AWS has into the file instead, for these items (change keys, names, or "all"). */
  adopt?: string[];
  /** Asks, item by item, what to adopt when --adopt is given without items on a terminal. */
  choose?: (adoptions: Adoption[]) => Promise<Adoption[]>;
}

export interface PlanResult {
  /** What --adopt wrote into the file (the plan is then made from the file as changed). */
  adopted?: Array<{ key: string; description: string }>;
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
  options: { prune: boolean; close: boolean; adopt: boolean },
): Promise<{ plan: LandingZonePlan; live: LiveLandingZone }> {
  const live = await readLive(ctx, spec);
  const plan = planLandingZone(spec, live, { ...options, now: new Date(ctx.clock.now()) });
  return { plan, live };
}

export function callCounts(ctx: CommandContext): PlanResult['apiCalls'] {
  const calls = ctx.aws.calls.snapshot();
  return { total: calls.total, reads: calls.reads, writes: calls.writes };
}

async function chooseAdoptions(items: Adoption[], choose: PlanRequest['choose']): Promise<Adoption[]> {
  if (items.length === 0) return [];
  if (!choose)
    throw usageError(
      ERR.ADOPT_WHAT,
      `--adopt needs the items to adopt when there is no terminal to ask: ${items.map((item) => item.key).join(', ')}`,
      'name them (--adopt account:Dev:move), or --adopt all',
    );
  return choose(items);
}

/** `awsarch plan`: validates the file, reads AWS, plans; saves the plan with --out (not one that is refused). */
export async function planAction(ctx: CommandContext, request: PlanRequest): Promise<PlanResult> {
  let spec = await loadLandingZone(request.file, { fallbackRegion: ctx.options.region });
  const options = { prune: request.prune, close: request.close, adopt: request.adoptScps };
  const made = await makePlan(ctx, spec, options);
  let plan = made.plan;
  const live = made.live;
  let adopted: PlanResult['adopted'];
  if (request.adopt) {
    const items = adoptableItems(plan, live, spec);
    const chosen =
      request.adopt.length > 0 ? selectAdoptions(items, request.adopt) : await chooseAdoptions(items, request.choose);
    if (chosen.length > 0) {
      await writeFile(request.file, adoptInto(spec.source.text, chosen));
      adopted = chosen.map((item) => ({ key: item.key, description: item.description }));
      for (const item of adopted) ctx.io.info(MSG.LANDING_ZONE_ADOPTED, `adopted: ${item.description}`, item);
      // The file changed: validate it again, and plan from it against the same reading of AWS.
      spec = await loadLandingZone(request.file, { fallbackRegion: ctx.options.region });
      plan = planLandingZone(spec, live, { ...options, now: new Date(ctx.clock.now()) });
    }
  }
  const refusalsAt = plan.refusals.map((refusal) => formatRefusal(refusal, spec));
  let savedTo: string | undefined;
  if (request.out && plan.refusals.length === 0) {
    await writeSavedPlan(request.out, plan, spec);
    savedTo = request.out;
    ctx.io.info(
      MSG.LANDING_ZONE_PLAN_SAVED,
      `saved the plan to ${request.out}; apply it with \`awsarch apply ${request.out}\``,
      {
        path: request.out,
        planId: plan.planId,
      },
    );
  }
  return {
    plan,
    refusalsAt,
    ...(adopted ? { adopted } : {}),
    ...(savedTo ? { savedTo } : {}),
    apiCalls: callCounts(ctx),
  };
}
