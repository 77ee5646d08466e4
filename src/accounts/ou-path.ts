import { usageError } from '../core/errors.js';
import type { OrgSnapshot, OuNode } from './org-model.js';
import { ERR } from '../core/error-codes.js';
import { closestNames } from '../core/closest-names.js';
import { shellQuote } from '../core/shell-quote.js';

const OU_ID = /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;
/** AWS Organizations nests OUs at most five levels below the root (Quotas for AWS Organizations). */
export const OU_MAX_DEPTH = 5;
const ROOT_ID = /^r-[0-9a-z]{4,32}$/;

/**
 * Splits "Workloads/Prod" into names; a leading or trailing slash is allowed, empty parts are not, and
 * neither is a path deeper than AWS allows (checked here, so every command refuses it before any write).
 */
export function parseOuPath(text: string): string[] {
  const trimmed = text.trim().replace(/^\/+|\/+$/g, '');
  if (trimmed === '')
    throw usageError(
      ERR.BAD_OU_PATH,
      `"${text}" is not an OU path`,
      'write OU paths from the root, e.g. Workloads/Prod',
    );
  const names = trimmed.split('/').map((name) => name.trim());
  for (const name of names) {
    if (name === '' || name.length > 128) {
      throw usageError(
        ERR.BAD_OU_PATH,
        `"${text}" is not an OU path: each OU name must be 1 to 128 characters`,
        'write OU paths from the root, e.g. Workloads/Prod',
      );
    }
  }
  if (names.length > OU_MAX_DEPTH) {
    throw usageError(
      ERR.OU_TOO_DEEP,
      `OU path "${names.join('/')}" is ${names.length} levels deep; AWS Organizations allows OUs at most ${OU_MAX_DEPTH} levels below the root`,
      `use a path of at most ${OU_MAX_DEPTH} OUs, e.g. ${names.slice(0, OU_MAX_DEPTH).join('/')}`,
    );
  }
  return names;
}

export function formatOuPath(path: readonly string[]): string {
  return path.length === 0 ? '/' : path.join('/');
}

/** Finds an OU by its path of names (OU names are unique among siblings in AWS Organizations). */
export function findOuByPath(snapshot: OrgSnapshot, path: readonly string[]): OuNode | undefined {
  return snapshot.ous.find((ou) => ou.path.length === path.length && ou.path.every((name, i) => name === path[i]));
}

export interface ParentRef {
  id: string;
  /** [] for the root. */
  path: string[];
}

/**
 * Resolves where an account should live: "root" or "/", a root id, an OU id, or an OU path.
 * Throws a usage error naming the closest existing OU when the path does not exist.
 */
export function resolveParent(snapshot: OrgSnapshot, text: string): ParentRef {
  const value = text.trim();
  if (value === 'root' || value === '/' || value === snapshot.root.id || ROOT_ID.test(value)) {
    if (ROOT_ID.test(value) && value !== snapshot.root.id)
      throw usageError(ERR.UNKNOWN_OU, `root ${value} is not this organization's root (${snapshot.root.id})`);
    return { id: snapshot.root.id, path: [] };
  }
  if (OU_ID.test(value)) {
    const ou = snapshot.ous.find((candidate) => candidate.id === value);
    if (!ou)
      throw usageError(
        ERR.UNKNOWN_OU,
        `OU ${value} does not exist in this organization`,
        'run `awsarch org show` to see the OU tree',
      );
    return { id: ou.id, path: ou.path };
  }
  const path = parseOuPath(value);
  const ou = findOuByPath(snapshot, path);
  const suggestion = ou ? undefined : closestOuPath(snapshot.ous, path);
  if (suggestion) {
    throw usageError(
      ERR.UNKNOWN_OU,
      `OU "${formatOuPath(path)}" does not exist; did you mean ${formatOuPath(suggestion)}?`,
      `use --ou ${shellQuote(formatOuPath(suggestion))}`,
    );
  }
  if (!ou) {
    throw usageError(
      ERR.UNKNOWN_OU,
      `OU "${formatOuPath(path)}" does not exist`,
      `create it with \`awsarch org init --ou ${formatOuPath(path)}\`, or run \`awsarch org show\` to see the OU tree`,
    );
  }
  return { id: ou.id, path: ou.path };
}

/**
 * Pure: the existing OU path closest to a mistyped one, compared segment by segment (case-insensitive, then
 * by edit distance among the siblings at that level), or undefined when some segment has no close sibling.
 */
export function closestOuPath(ous: readonly OuNode[], path: readonly string[]): string[] | undefined {
  const found: string[] = [];
  for (const name of path) {
    const siblings = ous
      .filter((ou) => ou.path.length === found.length + 1 && found.every((part, i) => ou.path[i] === part))
      .map((ou) => ou.path[found.length] as string);
    const next = closestSibling(name, siblings);
    if (next === undefined) return undefined;
    found.push(next);
  }
  return found;
}

/** Pure: the name among siblings meant by a typed one: itself, its only case-insensitive match, or the closest. */
export function closestSibling(name: string, siblings: readonly string[]): string | undefined {
  return (
    siblings.find((sibling) => sibling === name) ??
    uniqueOrUndefined(siblings.filter((sibling) => sibling.toLowerCase() === name.toLowerCase())) ??
    closestNames(name, siblings, 1)[0]
  );
}

function uniqueOrUndefined(names: readonly string[]): string | undefined {
  return names.length === 1 ? names[0] : undefined;
}

/** The path of names of a parent id (root or OU). */
export function pathOfParent(snapshot: OrgSnapshot, parentId: string): string[] | undefined {
  if (parentId === snapshot.root.id) return [];
  return snapshot.ous.find((ou) => ou.id === parentId)?.path;
}
