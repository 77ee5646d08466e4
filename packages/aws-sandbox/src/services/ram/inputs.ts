import { paginate, type Page } from '../../pagination.js';
import type { OperationInput } from '../../types.js';
import { ramError } from './model.js';

export function requiredText(input: OperationInput, name: string): string {
  const value = input[name];
  if (typeof value !== 'string' || value === '')
    throw ramError('MissingRequiredParameterException', `The ${name} parameter is required.`);
  return value;
}

export function optionalText(input: OperationInput, name: string): string | undefined {
  const value = input[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function textList(input: OperationInput, name: string): string[] {
  const value = input[name];
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string'))
    throw ramError('InvalidParameterException', `The ${name} parameter must be a list of strings.`);
  return value as string[];
}

/** resourceOwner of the Get/List operations: SELF (what the caller shares) or OTHER-ACCOUNTS (shared with it). */
export function resourceOwner(input: OperationInput): 'SELF' | 'OTHER-ACCOUNTS' {
  const owner = requiredText(input, 'resourceOwner');
  if (owner !== 'SELF' && owner !== 'OTHER-ACCOUNTS')
    throw ramError('InvalidParameterException', `resourceOwner ${owner} is not valid: use SELF or OTHER-ACCOUNTS.`);
  return owner;
}

/** RAM's paging: maxResults 1..500 (default: all, in pages of 500), an opaque nextToken. */
export function ramPage<T>(
  input: OperationInput,
  items: readonly T[],
  key: (item: T) => string,
  listing: string,
): Page<T> {
  const maxResults = input.maxResults === undefined ? 500 : Number(input.maxResults);
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 500)
    throw ramError('InvalidMaxResultsException', `maxResults ${String(input.maxResults)} is not between 1 and 500.`);
  return paginate(items, key, listing, { maxResults, nextToken: optionalText(input, 'nextToken') }, () =>
    ramError('InvalidNextTokenException', 'The nextToken is not valid.'),
  );
}
