import { SandboxServiceError } from '../../errors.js';

/**
 * EventBridge content filtering: a pattern is an object whose leaves are arrays of matchers; an event
 * matches when every key of the pattern matches (nested objects recurse; a field holding an array
 * matches if any element does). Matchers: literal values, prefix, suffix, anything-but, numeric,
 * exists, equals-ignore-case, wildcard, and $or.
 */
export type EventPattern = Record<string, unknown>;

const OPERATORS = new Set([
  'prefix',
  'suffix',
  'anything-but',
  'numeric',
  'exists',
  'equals-ignore-case',
  'wildcard',
  'cidr',
]);

function invalid(reason: string): SandboxServiceError {
  return new SandboxServiceError('InvalidEventPatternException', `Event pattern is not valid. Reason: ${reason}`);
}

/** Parses and checks a pattern as PutRule, CreateArchive and StartReplay do; throws InvalidEventPatternException. */
export function parseEventPattern(text: string): EventPattern {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw invalid(`Filter is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalid('Filter is not an object');
  validateObject(parsed as Record<string, unknown>, '');
  return parsed as EventPattern;
}

function validateObject(pattern: Record<string, unknown>, path: string): void {
  for (const [key, value] of Object.entries(pattern)) {
    const at = path ? `${path}.${key}` : key;
    if (key === '$or') {
      if (!Array.isArray(value) || value.length < 2)
        throw invalid(`"$or" must be an array of at least two objects at ${at}`);
      for (const branch of value) {
        if (typeof branch !== 'object' || branch === null || Array.isArray(branch))
          throw invalid(`"$or" must hold objects at ${at}`);
        validateObject(branch as Record<string, unknown>, path);
      }
      continue;
    }
    if (Array.isArray(value)) {
      if (value.length === 0) throw invalid(`Empty arrays are not allowed at "${at}"`);
      for (const matcher of value) validateMatcher(matcher, at);
    } else if (typeof value === 'object' && value !== null) {
      validateObject(value as Record<string, unknown>, at);
    } else {
      throw invalid(`"${at}" must be an object or an array`);
    }
  }
}

function validateMatcher(matcher: unknown, at: string): void {
  if (matcher === null || ['string', 'number', 'boolean'].includes(typeof matcher)) return;
  if (typeof matcher !== 'object' || Array.isArray(matcher))
    throw invalid(`Match value must be String, number, true, false, or null at "${at}"`);
  const entries = Object.entries(matcher as Record<string, unknown>);
  if (entries.length !== 1) throw invalid(`Only one key allowed in match expression at "${at}"`);
  const [operator, operand] = entries[0] as [string, unknown];
  if (!OPERATORS.has(operator)) throw invalid(`Unrecognized match type ${operator} at "${at}"`);
  if (operator === 'exists' && typeof operand !== 'boolean')
    throw invalid(`exists match pattern must be either true or false at "${at}"`);
  if (operator === 'numeric') {
    if (!Array.isArray(operand) || operand.length === 0 || operand.length % 2 !== 0)
      throw invalid(`Value of numeric must be an array of operator and number pairs at "${at}"`);
    for (let index = 0; index < operand.length; index += 2) {
      if (!['=', '<', '<=', '>', '>='].includes(String(operand[index])) || typeof operand[index + 1] !== 'number')
        throw invalid(`Unrecognized numeric range operator: ${String(operand[index])} at "${at}"`);
    }
  }
  if (
    ['prefix', 'suffix', 'wildcard', 'equals-ignore-case'].includes(operator) &&
    typeof operand !== 'string' &&
    !(typeof operand === 'object' && operand !== null && 'equals-ignore-case' in operand)
  ) {
    throw invalid(`${operator} match pattern must be a string at "${at}"`);
  }
}

/** Whether an event (the JSON envelope with detail) matches a pattern. */
export function matchesPattern(pattern: EventPattern, event: Record<string, unknown>): boolean {
  return matchesObject(pattern, event);
}

function matchesObject(pattern: Record<string, unknown>, value: Record<string, unknown> | undefined): boolean {
  for (const [key, condition] of Object.entries(pattern)) {
    if (key === '$or') {
      if (!(condition as Array<Record<string, unknown>>).some((branch) => matchesObject(branch, value))) return false;
      continue;
    }
    const field = value?.[key];
    if (Array.isArray(condition)) {
      if (!matchesField(condition, field)) return false;
    } else if (
      !matchesObject(
        condition as Record<string, unknown>,
        typeof field === 'object' && field !== null && !Array.isArray(field)
          ? (field as Record<string, unknown>)
          : undefined,
      )
    ) {
      return false;
    }
  }
  return true;
}

function matchesField(matchers: readonly unknown[], field: unknown): boolean {
  const values = field === undefined ? [] : Array.isArray(field) ? field : [field];
  return matchers.some((matcher) => {
    if (typeof matcher === 'object' && matcher !== null && 'exists' in matcher)
      return (matcher as { exists: boolean }).exists === (field !== undefined);
    if (typeof matcher === 'object' && matcher !== null && 'anything-but' in matcher && values.length === 0)
      return false;
    return values.some((value) => matchesValue(matcher, value));
  });
}

function matchesValue(matcher: unknown, value: unknown): boolean {
  if (matcher === null || typeof matcher !== 'object') return matcher === value;
  const [operator, operand] = Object.entries(matcher as Record<string, unknown>)[0] as [string, unknown];
  const text = typeof value === 'string' ? value : undefined;
  switch (operator) {
    case 'prefix':
      return text !== undefined && stringTest(operand, text, (candidate, expected) => candidate.startsWith(expected));
    case 'suffix':
      return text !== undefined && stringTest(operand, text, (candidate, expected) => candidate.endsWith(expected));
    case 'equals-ignore-case':
      return text !== undefined && typeof operand === 'string' && text.toLowerCase() === operand.toLowerCase();
    case 'wildcard':
      return (
        text !== undefined &&
        typeof operand === 'string' &&
        new RegExp(`^${operand.split('*').map(escapeRegExp).join('.*')}$`).test(text)
      );
    case 'numeric':
      return typeof value === 'number' && numericMatches(operand as unknown[], value);
    case 'anything-but': {
      if (Array.isArray(operand)) return !operand.includes(value);
      if (typeof operand === 'object' && operand !== null) return !matchesValue(operand, value);
      return operand !== value;
    }
    default:
      return false;
  }
}

/** prefix/suffix take a string or {"equals-ignore-case": string}. */
function stringTest(operand: unknown, text: string, test: (candidate: string, expected: string) => boolean): boolean {
  if (typeof operand === 'string') return test(text, operand);
  const folded = (operand as { 'equals-ignore-case'?: unknown })['equals-ignore-case'];
  return typeof folded === 'string' && test(text.toLowerCase(), folded.toLowerCase());
}

function numericMatches(conditions: readonly unknown[], value: number): boolean {
  for (let index = 0; index < conditions.length; index += 2) {
    const bound = conditions[index + 1] as number;
    const ok = {
      '=': value === bound,
      '<': value < bound,
      '<=': value <= bound,
      '>': value > bound,
      '>=': value >= bound,
    }[String(conditions[index]) as '='];
    if (!ok) return false;
  }
  return true;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
