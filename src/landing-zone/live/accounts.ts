import type { AccountInfo } from '../../accounts/org-model.js';
import type { AccountSpec } from '../spec.js';
import type { LiveOrganization } from './model.js';

const ACCOUNT_ID = /^\d{12}$/;

/** The live account of a file account: the one with its e-mail (AWS's unique key; names are not unique). */
export function liveAccountOf(
  organization: LiveOrganization | undefined,
  account: Pick<AccountSpec, 'email'>,
): AccountInfo | undefined {
  const email = account.email.toLowerCase();
  return organization?.accounts.find((candidate) => candidate.email.toLowerCase() === email);
}

/**
 * Resolves an account reference of the file or of a baseline ("management", a 12-digit id, an e-mail,
 * or the name of an account of the file) to the id of the live account, if it exists yet.
 */
export function accountIdResolver(
  organization: LiveOrganization | undefined,
  accounts: readonly AccountSpec[],
): (reference: string) => string | undefined {
  return (reference) => {
    if (!organization) return undefined;
    if (reference === 'management') return organization.organization.managementAccountId;
    if (ACCOUNT_ID.test(reference)) return organization.accounts.find((account) => account.id === reference)?.id;
    const spec = accounts.find((account) => account.name === reference);
    if (spec) return liveAccountOf(organization, spec)?.id;
    if (reference.includes('@')) return liveAccountOf(organization, { email: reference })?.id;
    const named = organization.accounts.filter((account) => account.name === reference);
    return named.length === 1 ? named[0]?.id : undefined;
  };
}

/** The live id of an OU path ([] is the root). */
export function ouIdOf(organization: LiveOrganization | undefined, path: readonly string[]): string | undefined {
  if (!organization) return undefined;
  if (path.length === 0) return organization.rootId;
  return organization.ous.find((ou) => ou.path.length === path.length && ou.path.every((name, i) => name === path[i]))
    ?.id;
}

/** The OU path of a parent id ([] for the root). */
export function pathOfParentId(organization: LiveOrganization, parentId: string): string[] {
  if (parentId === organization.rootId) return [];
  return organization.ous.find((ou) => ou.id === parentId)?.path ?? [];
}
