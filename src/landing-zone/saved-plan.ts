import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { usageError } from '../core/errors.js';
import { ERR } from '../core/error-codes.js';
import { savedPlanDocument } from '../documents/landing-zone.js';
import { landingZonePlanDocument } from '../documents/schemas/landing-zone.js';
import type { JournalSummary } from './apply/journal.js';
import type { LandingZonePlan } from './plan/model.js';
import type { LandingZoneSpec } from './spec.js';

/**
 * A plan saved with `plan --out`: the plan document with the landing-zone file it was made from
 * (its text), so `apply PLAN.json` works from exactly what was planned, wherever it runs.
 */
export type SavedPlan = LandingZonePlan & { source: LandingZonePlan['source'] & { text: string } };

export async function writeSavedPlan(path: string, plan: LandingZonePlan, spec: LandingZoneSpec): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(savedPlanDocument(plan, spec.source.text), null, 2)}\n`);
}

/** Reads a saved plan; anything that is not one is bad input (exit 2), before AWS is touched. */
export async function readSavedPlan(path: string): Promise<SavedPlan> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw usageError(
      ERR.BAD_SAVED_PLAN,
      `cannot read the saved plan ${path}: ${reason}`,
      'save one with `awsarch plan --out FILE`',
    );
  }
  const parsed = landingZonePlanDocument.safeParse(value);
  const text = parsed.success ? parsed.data.source.text : undefined;
  if (!parsed.success || text === undefined) {
    const issue = parsed.success ? { path: ['source', 'text'], message: 'missing' } : parsed.error.issues[0];
    throw usageError(
      ERR.BAD_SAVED_PLAN,
      `${path} is not a plan saved by \`awsarch plan --out\` (${issue?.path.join('.') || 'document'}: ${issue?.message ?? 'invalid'})`,
      'save one with `awsarch plan -f FILE --out plan.json`',
    );
  }
  const { planId, createdAt, source, organization, options, changes, unmanaged, refusals, warnings, totals } =
    parsed.data;
  return {
    planId,
    createdAt,
    source: { path: source.path, sha256: source.sha256, text },
    organization,
    options,
    changes,
    unmanaged,
    refusals,
    warnings,
    totals,
  };
}

/** How a saved plan compares with a fresh plan of the same file. */
export type Freshness =
  { state: 'same' } | { state: 'resume'; done: number; remaining: number } | { state: 'stale'; differences: string[] };

/**
 * Whether a change of a fresh plan is part of the saved plan's work: the same key, or a step of a
 * saved change that an interrupted apply began (the move and tags of an account being created are
 * part of creating it; a baseline's organization-level work is part of baselining its accounts).
 */
function coveredBy(change: LandingZonePlan['changes'][number], saved: LandingZonePlan): boolean {
  const keys = new Set(saved.changes.map((candidate) => candidate.key));
  if (keys.has(change.key)) return true;
  const account = /^account:(.+):(move|tags)$/.exec(change.key);
  if (account && keys.has(`account:${account[1]}`)) return true;
  if (change.kind === 'baseline-organization')
    return saved.changes.some((candidate) => candidate.kind === 'baseline' && candidate.baseline === change.baseline);
  return false;
}

/**
 * Pure: whether a saved plan may still be applied. It may when a fresh plan from what AWS says now is
 * the same plan (every change with the same digest: what it changes, from what, to what). After an
 * interrupted apply of that very plan (its journal says so), what is left must be part of it: then
 * apply resumes. Anything else - someone changed the organization, or the plan was partly applied by
 * another run - makes it stale.
 */
export function compareWithSaved(saved: LandingZonePlan, fresh: LandingZonePlan, journal?: JournalSummary): Freshness {
  const before = new Map(saved.changes.map((change) => [change.key, change.digest]));
  const now = new Map(fresh.changes.map((change) => [change.key, change.digest]));
  const differences = [
    ...[...now.keys()].filter((key) => !before.has(key)).map((key) => `+ ${key}: not in the saved plan`),
    ...[...before.keys()].filter((key) => !now.has(key)).map((key) => `- ${key}: no longer needed`),
    ...[...now.entries()]
      .filter(([key, digest]) => before.has(key) && before.get(key) !== digest)
      .map(([key]) => `~ ${key}: differs from the saved plan`),
  ];
  if (differences.length === 0) return { state: 'same' };
  const resumable =
    journal !== undefined &&
    journal.planId === saved.planId &&
    fresh.changes.every((change) => coveredBy(change, saved));
  if (resumable)
    return { state: 'resume', done: saved.changes.length - fresh.changes.length, remaining: fresh.changes.length };
  return { state: 'stale', differences };
}
