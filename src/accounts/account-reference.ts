import { closestNames } from '../core/closest-names.js';
import { usageError } from '../core/errors.js';
import { ERR } from '../core/error-codes.js';
import { shellQuote } from '../core/shell-quote.js';

/** What an account reference is matched against: the organization's id, name and e-mail of each account. */
export interface ReferableAccount {
  readonly id: string;
  readonly name: string;
  readonly email: string;
}

/**
 * How the user gave the reference, for a hint that can be pasted: the option (`--account`), or undefined
 * for a positional argument (`account show Dev`).
 */
export interface ReferenceSource {
  readonly option?: string;
}

/**
 * Pure: the one account a user's reference names: a 12-digit id, an e-mail (case-insensitive, as AWS treats
 * e-mail), or a name: exact first, else the unique case-insensitive match. No match is a usage error with the
 * closest names ("did you mean Dev?") and a pasteable hint; two matches are refused naming both.
 */
export function matchAccountReference<A extends ReferableAccount>(
  accounts: readonly A[],
  key: string,
  source: ReferenceSource = { option: '--account' },
): A {
  const wanted = key.trim();
  if (/^\d{12}$/.test(wanted))
    return only(
      accounts.filter((account) => account.id === wanted),
      key,
      source,
    );
  if (wanted.includes('@'))
    return only(
      accounts.filter((account) => account.email.toLowerCase() === wanted.toLowerCase()),
      key,
      source,
    );
  const exact = accounts.filter((account) => account.name === wanted);
  if (exact.length > 0) return only(exact, key, source);
  const folded = accounts.filter((account) => account.name.toLowerCase() === wanted.toLowerCase());
  if (folded.length > 0) return only(folded, key, source);
  const suggestions = suggestNames(wanted, [...new Set(accounts.map((account) => account.name))]);
  const [best] = suggestions;
  if (best === undefined)
    throw usageError(
      ERR.UNKNOWN_ACCOUNT,
      `no account in the organization matches "${key}"`,
      'give a 12-digit account id, an e-mail or an account name; `awsarch account list` shows them',
    );
  throw usageError(
    ERR.UNKNOWN_ACCOUNT,
    `no account named "${key}"; did you mean ${suggestions.join(' or ')}?`,
    `use ${referenceText(best, source)}`,
  );
}

/** The reference as the user would type it again: `--account 'Shared Services'`, or the bare quoted name. */
export function referenceText(name: string, source: ReferenceSource): string {
  return source.option ? `${source.option} ${shellQuote(name)}` : shellQuote(name);
}

function only<A extends ReferableAccount>(matches: readonly A[], key: string, source: ReferenceSource): A {
  if (matches.length === 0)
    throw usageError(
      ERR.UNKNOWN_ACCOUNT,
      `no account in the organization matches "${key}"`,
      'give a 12-digit account id, an e-mail or an account name; `awsarch account list` shows them',
    );
  if (matches.length > 1)
    throw usageError(
      ERR.AMBIGUOUS_ACCOUNT,
      `${matches.length} accounts match "${key}": ${matches.map((account) => `${account.name} (${account.id})`).join(', ')}`,
      `give the account id instead, e.g. ${referenceText((matches[0] as A).id, source)}`,
    );
  return matches[0] as A;
}

/** The closest names by edit distance, or else the names that start with what was typed ("Shared" -> "Shared Services"). */
function suggestNames(wanted: string, names: readonly string[]): string[] {
  const close = closestNames(wanted, names);
  if (close.length > 0 || wanted.length < 3) return close;
  return names.filter((name) => name.toLowerCase().startsWith(wanted.toLowerCase())).slice(0, 2);
}
