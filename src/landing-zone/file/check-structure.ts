import { validateVendRequest } from '../../accounts/vend-request.js';
import { isAwsarchError } from '../../core/errors.js';
import { FULL_AWS_ACCESS_NAME, SCP_MAX_ATTACHMENTS_PER_TARGET } from '../../scps/scp-quotas.js';
import type { FileProblem } from './problems.js';
import type { LandingZoneFile } from './schema.js';
import { ERR } from '../../core/error-codes.js';

/** AWS Organizations: OUs nest at most five levels below the root. */
export const MAX_OU_DEPTH = 5;
const ROOT_WORDS = new Set(['root', '/']);
const ACCOUNT_ID = /^\d{12}$/;

/** An OU path of the file as names, or a problem; "root" and "/" are the root ([]). */
export function ouNames(text: string): string[] | string {
  const trimmed = text.trim();
  if (ROOT_WORDS.has(trimmed)) return [];
  if (/^ou-|^r-/.test(trimmed)) return `"${text}" is an id; write the OU path from the root, e.g. Workloads/Prod`;
  const names = trimmed
    .replace(/^\/+|\/+$/g, '')
    .split('/')
    .map((name) => name.trim());
  if (names.some((name) => name === '')) return `"${text}" has an empty OU name; write e.g. Workloads/Prod`;
  const long = names.find((name) => name.length > 128);
  if (long) return `the OU name "${long.slice(0, 20)}..." is longer than 128 characters`;
  return names;
}

export const ouKey = (names: readonly string[]): string => (names.length === 0 ? '/' : names.join('/'));

/** Every OU the file declares (each listed path and its parents), by key. */
export function declaredOus(file: LandingZoneFile): Map<string, string[]> {
  const declared = new Map<string, string[]>();
  for (const text of file.organizationalUnits) {
    const names = ouNames(text);
    if (typeof names === 'string') continue;
    for (let depth = 1; depth <= names.length; depth++)
      declared.set(ouKey(names.slice(0, depth)), names.slice(0, depth));
  }
  return declared;
}

/**
 * Pure: what the file contradicts in itself - duplicate account names or e-mails, OU paths deeper
 * than AWS allows, OUs, accounts or SCP targets it does not declare, more SCPs on a target than
 * AWS's quota - every problem with its place in the file.
 */
export function checkStructure(file: LandingZoneFile): FileProblem[] {
  const problems: FileProblem[] = [];
  const seenOus = new Map<string, number>();
  file.organizationalUnits.forEach((text, index) => {
    const names = ouNames(text);
    const path = ['organizationalUnits', index];
    if (typeof names === 'string') return problems.push({ path, message: names });
    if (names.length === 0) return problems.push({ path, message: 'the root is not an OU; list the OUs below it' });
    if (names.length > MAX_OU_DEPTH)
      problems.push({
        path,
        message: `"${text}" is ${names.length} levels deep; AWS Organizations allows at most ${MAX_OU_DEPTH} levels of OUs below the root`,
      });
    const key = ouKey(names);
    const first = seenOus.get(key);
    if (first !== undefined)
      problems.push({ path, message: `OU ${key} is listed twice (also organizationalUnits[${first}])` });
    else seenOus.set(key, index);
  });
  const ous = declaredOus(file);
  const knownOu = (text: string, path: FileProblem['path'], what: string): string[] | undefined => {
    const names = ouNames(text);
    if (typeof names === 'string') {
      problems.push({ path, message: names });
      return undefined;
    }
    if (names.length > 0 && !ous.has(ouKey(names))) {
      problems.push({
        path,
        message: `${what} names the OU "${ouKey(names)}", which organizationalUnits does not list; add it there (or fix the path)`,
      });
      return undefined;
    }
    return names;
  };

  const names = new Map<string, number>();
  const emails = new Map<string, number>();
  file.accounts.forEach((account, index) => {
    const at = (field: string) => ['accounts', index, field];
    try {
      validateVendRequest({
        name: account.name,
        email: account.email,
        ou: account.ou,
        tags: account.tags ?? {},
        accessRole: 'OrganizationAccountAccessRole',
      });
    } catch (error) {
      if (!isAwsarchError(error)) throw error;
      const field = ERR.BAD_EMAIL.is(error) ? 'email' : ERR.BAD_TAG.is(error) ? 'tags' : 'name';
      problems.push({ path: at(field), message: error.message });
    }
    const name = account.name.trim().toLowerCase();
    const sameName = names.get(name);
    if (sameName !== undefined)
      problems.push({
        path: at('name'),
        message: `the account name "${account.name}" is used twice (also accounts[${sameName}]); names identify accounts in this file`,
      });
    else names.set(name, index);
    const email = account.email.trim().toLowerCase();
    const sameEmail = emails.get(email);
    if (sameEmail !== undefined)
      problems.push({
        path: at('email'),
        message: `the e-mail ${account.email} is used twice (also accounts[${sameEmail}]); every AWS account needs its own`,
      });
    else emails.set(email, index);
    knownOu(account.ou, at('ou'), `account "${account.name}"`);
  });

  const suspended = ouNames(file.prune.suspendedOu);
  if (typeof suspended === 'string') problems.push({ path: ['prune', 'suspendedOu'], message: suspended });
  else if (suspended.length === 0 || suspended.length > MAX_OU_DEPTH)
    problems.push({
      path: ['prune', 'suspendedOu'],
      message: `the suspended OU must be 1 to ${MAX_OU_DEPTH} levels deep`,
    });
  else
    file.accounts.forEach((account, index) => {
      const own = ouNames(account.ou);
      if (typeof own !== 'string' && ouKey(own) === ouKey(suspended))
        problems.push({
          path: ['accounts', index, 'ou'],
          message: `"${account.ou}" is the suspended OU (prune.suspendedOu), where --prune puts accounts the file no longer lists; give the account another OU`,
        });
    });

  const baselineOus = new Map<string, number>();
  file.baselines.forEach((entry, index) => {
    const names = knownOu(entry.ou, ['baselines', index, 'ou'], `baselines[${index}]`);
    if (!names) return;
    const key = ouKey(names);
    const first = baselineOus.get(key);
    if (first !== undefined)
      problems.push({
        path: ['baselines', index, 'ou'],
        message: `OU ${key} has a baseline twice (also baselines[${first}])`,
      });
    else baselineOus.set(key, index);
  });

  const accountNames = new Set(file.accounts.map((account) => account.name.trim()));
  const knownAccount = (reference: string, path: FileProblem['path'], what: string) => {
    if (reference === 'management' || ACCOUNT_ID.test(reference) || accountNames.has(reference)) return;
    problems.push({
      path,
      message: `${what} names the account "${reference}", which accounts does not list; name an account of this file, or "management"`,
    });
  };
  if (file.network) {
    knownAccount(file.network.transitGateway.owner, ['network', 'transitGateway', 'owner'], 'the transit gateway');
    knownAccount(file.network.logArchive.account, ['network', 'logArchive', 'account'], 'the log archive');
  }

  const perTarget = new Map<string, { index: number; policies: Set<string> }>();
  file.scps?.attachments.forEach((attachment, index) => {
    const path = ['scps', 'attachments', index, 'target'];
    const target = attachment.target.trim();
    let key: string;
    if (ROOT_WORDS.has(target)) key = '/';
    else if (accountNames.has(target) || ACCOUNT_ID.test(target)) key = `account:${target}`;
    else {
      const names = ouNames(target);
      if (typeof names === 'string' || !ous.has(ouKey(names))) {
        problems.push({
          path,
          message: `"${target}" is not root, an OU of organizationalUnits or an account of accounts`,
        });
        return;
      }
      key = ouKey(names);
    }
    const entry = perTarget.get(key) ?? { index, policies: new Set<string>() };
    for (const policy of attachment.policies) entry.policies.add(policy);
    perTarget.set(key, entry);
    const count = entry.policies.size + (entry.policies.has(FULL_AWS_ACCESS_NAME) ? 0 : 1);
    if (count > SCP_MAX_ATTACHMENTS_PER_TARGET)
      problems.push({
        path: ['scps', 'attachments', index, 'policies'],
        message: `${target} would have ${count} SCPs attached (${[...entry.policies].join(', ')}${entry.policies.has(FULL_AWS_ACCESS_NAME) ? '' : ' and FullAWSAccess, which stays'}); AWS allows ${SCP_MAX_ATTACHMENTS_PER_TARGET} per root, OU or account: attach some to a parent OU (SCPs are inherited)`,
      });
  });
  return problems;
}
