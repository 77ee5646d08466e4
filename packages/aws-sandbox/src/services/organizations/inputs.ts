import type { PageRequest } from '../../pagination.js';
import type { OperationInput } from '../../types.js';
import { constraintViolation, invalidInput, type InvalidInputReason } from './errors.js';
import type { Tag } from './model.js';

export interface StringRules {
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: RegExp;
  /** Reason reported when the pattern does not match (default INVALID_PATTERN). */
  readonly patternReason?: InvalidInputReason;
}

/** Organizations caps every page at 20 items. */
export const MAX_PAGE_SIZE = 20;
export const MAX_TAGS_PER_RESOURCE = 50;

export function requiredString(input: OperationInput, name: string, rules: StringRules = {}): string {
  const value = optionalString(input, name, rules);
  if (value === undefined) throw invalidInput('INPUT_REQUIRED');
  return value;
}

export function optionalString(input: OperationInput, name: string, rules: StringRules = {}): string | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalidInput('INVALID_PATTERN');
  if (rules.min !== undefined && value.length < rules.min) throw invalidInput('MIN_LENGTH_EXCEEDED');
  if (rules.max !== undefined && value.length > rules.max) throw invalidInput('MAX_LENGTH_EXCEEDED');
  if (rules.pattern && !rules.pattern.test(value)) throw invalidInput(rules.patternReason ?? 'INVALID_PATTERN');
  return value;
}

export function optionalEnum<T extends string>(
  input: OperationInput,
  name: string,
  allowed: readonly T[],
): T | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) throw invalidInput('INVALID_ENUM');
  return value as T;
}

export function requiredEnum<T extends string>(input: OperationInput, name: string, allowed: readonly T[]): T {
  const value = optionalEnum(input, name, allowed);
  if (value === undefined) throw invalidInput('INPUT_REQUIRED');
  return value;
}

/** MaxResults (1..20, default 20) and NextToken of a List* request. */
export function pageRequest(input: OperationInput): PageRequest {
  const nextToken = optionalString(input, 'NextToken', { max: 100_000 });
  const raw = input.MaxResults;
  if (raw === undefined || raw === null) return { maxResults: MAX_PAGE_SIZE, nextToken };
  const maxResults = Number(raw);
  if (!Number.isInteger(maxResults)) throw invalidInput('INVALID_PATTERN');
  if (maxResults < 1) throw invalidInput('MIN_VALUE_EXCEEDED');
  if (maxResults > MAX_PAGE_SIZE) throw invalidInput('MAX_VALUE_EXCEEDED');
  return { maxResults, nextToken };
}

export function requiredStringList(input: OperationInput, name: string): string[] {
  const value = input[name];
  if (value === undefined || value === null) throw invalidInput('INPUT_REQUIRED');
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) throw invalidInput('INVALID_PATTERN');
  return value as string[];
}

/** A Tags list: keys 1..128 characters, values up to 256, no aws: keys, no duplicates, at most 50. */
export function tagList(input: OperationInput, name: string, required: boolean): Tag[] {
  const value = input[name];
  if (value === undefined || value === null) {
    if (required) throw invalidInput('INPUT_REQUIRED');
    return [];
  }
  if (!Array.isArray(value)) throw invalidInput('INVALID_PATTERN');
  const tags = value.map((item: unknown) => {
    const { Key, Value } = (typeof item === 'object' && item !== null ? item : {}) as {
      Key?: unknown;
      Value?: unknown;
    };
    if (typeof Key !== 'string' || typeof Value !== 'string') throw invalidInput('INPUT_REQUIRED');
    if (Key.length < 1) throw invalidInput('MIN_LENGTH_EXCEEDED');
    if (Key.length > 128 || Value.length > 256) throw invalidInput('MAX_LENGTH_EXCEEDED');
    if (Key.toLowerCase().startsWith('aws:')) throw invalidInput('INVALID_SYSTEM_TAGS_PARAMETER');
    return { Key, Value };
  });
  if (new Set(tags.map((tag) => tag.Key)).size !== tags.length) throw invalidInput('DUPLICATE_TAG_KEY');
  if (tags.length > MAX_TAGS_PER_RESOURCE) throw constraintViolation('MAX_TAG_LIMIT_EXCEEDED');
  return tags;
}

export const invalidNextToken = (): Error => invalidInput('INVALID_NEXT_TOKEN');
