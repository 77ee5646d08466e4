import { memberPath } from './json-source.js';
import type { Report, StatementView } from './scp-grammar.js';

// IAM condition operators as SCPs accept them, and the checks of a Condition block (scp-grammar.ts checks the rest).

const STRING_OPERATORS = [
  'StringEquals',
  'StringNotEquals',
  'StringEqualsIgnoreCase',
  'StringNotEqualsIgnoreCase',
  'StringLike',
  'StringNotLike',
];
const NUMERIC_OPERATORS = [
  'NumericEquals',
  'NumericNotEquals',
  'NumericLessThan',
  'NumericLessThanEquals',
  'NumericGreaterThan',
  'NumericGreaterThanEquals',
];
const DATE_OPERATORS = [
  'DateEquals',
  'DateNotEquals',
  'DateLessThan',
  'DateLessThanEquals',
  'DateGreaterThan',
  'DateGreaterThanEquals',
];
const ARN_OPERATORS = ['ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike'];
const OTHER_OPERATORS = ['Bool', 'BinaryEquals', 'IpAddress', 'NotIpAddress', 'Null'];
const BASE_OPERATORS = new Set([
  ...STRING_OPERATORS,
  ...NUMERIC_OPERATORS,
  ...DATE_OPERATORS,
  ...ARN_OPERATORS,
  ...OTHER_OPERATORS,
]);

/** Operators that match when the key is absent from the request (relevant to exemptions). */
export const NEGATED_OPERATORS = new Set([
  'StringNotEquals',
  'StringNotEqualsIgnoreCase',
  'StringNotLike',
  'NumericNotEquals',
  'DateNotEquals',
  'ArnNotEquals',
  'ArnNotLike',
  'NotIpAddress',
]);

export interface ParsedOperator {
  base: string;
  setQualifier?: 'ForAllValues' | 'ForAnyValue';
  ifExists: boolean;
}

/** Splits `ForAnyValue:StringNotLikeIfExists` into its parts, or undefined for an unknown operator. */
export function parseConditionOperator(operator: string): ParsedOperator | undefined {
  const match = /^(?:(ForAllValues|ForAnyValue):)?(.+?)(IfExists)?$/.exec(operator);
  if (!match) return undefined;
  const base = match[2] as string;
  if (!BASE_OPERATORS.has(base)) return undefined;
  if (base === 'Null' && (match[3] || match[1])) return undefined;
  return { base, setQualifier: match[1] as ParsedOperator['setQualifier'], ifExists: match[3] !== undefined };
}

/** Checks a Condition block: known operators, an object of keys, values of the type the operator takes. */
export function checkCondition(condition: unknown, path: string, issue: Report): StatementView['conditions'] {
  const found: StatementView['conditions'] = [];
  if (!isObject(condition)) {
    issue('condition-structure', path, 'Condition must be an object of operator -> { key: value }');
    return found;
  }
  for (const [operator, block] of Object.entries(condition)) {
    const operatorPath = memberPath(path, operator);
    const parsed = parseConditionOperator(operator);
    if (!parsed) {
      issue(
        'condition-operator',
        operatorPath,
        `"${operator}" is not a condition operator (e.g. StringEquals, ArnNotLike, Bool, Null; ForAnyValue:/ForAllValues: and ...IfExists variants)`,
      );
      continue;
    }
    if (!isObject(block) || Object.keys(block).length === 0) {
      issue('condition-structure', operatorPath, `${operator} must be an object with at least one condition key`);
      continue;
    }
    for (const [key, rawValue] of Object.entries(block)) {
      const keyPath = memberPath(operatorPath, key);
      const values = Array.isArray(rawValue) ? rawValue : [rawValue];
      if (Array.isArray(rawValue) && rawValue.length === 0)
        issue('condition-value', keyPath, 'the list of values is empty');
      if (
        values.some((value) => typeof value !== 'string' && typeof value !== 'boolean' && typeof value !== 'number')
      ) {
        issue('condition-value', keyPath, 'condition values must be strings, numbers or booleans');
        continue;
      }
      checkConditionValues(parsed.base, values.map(String), keyPath, issue);
      found.push({ operator, parsed, key, values, path: keyPath });
    }
  }
  return found;
}

function checkConditionValues(base: string, values: string[], path: string, issue: Report): void {
  const bad = (expected: string) =>
    issue(
      'condition-value',
      path,
      `${base} expects ${expected}; got ${values.map((value) => JSON.stringify(value)).join(', ')}`,
    );
  if ((base === 'Bool' || base === 'Null') && values.some((value) => value !== 'true' && value !== 'false'))
    bad('"true" or "false"');
  if (
    NUMERIC_OPERATORS.includes(base) &&
    values.some((value) => value.trim() === '' || !Number.isFinite(Number(value)))
  )
    bad('numbers');
  if (DATE_OPERATORS.includes(base) && values.some((value) => !/^\d+$/.test(value) && Number.isNaN(Date.parse(value))))
    bad('ISO 8601 dates or epoch seconds');
  if (
    (base === 'IpAddress' || base === 'NotIpAddress') &&
    values.some((value) => !/^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(value))
  )
    bad('IP addresses or CIDR ranges');
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
