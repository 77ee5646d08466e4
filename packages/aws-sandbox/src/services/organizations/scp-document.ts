/**
 * Whether Organizations would accept a document as a service control policy, written from the AWS
 * Organizations User Guide ("SCP syntax": the IAM policy language since SCPs gained full IAM language
 * support, without Principal/NotPrincipal; "Every SCP must include a Version element with the value
 * 2012-10-17") and the IAM User Guide ("Grammar of the IAM JSON policy language", "IAM JSON policy
 * elements: Condition operators"). The first problem found is returned in words, else undefined.
 */
export function scpDocumentProblem(content: string): string | undefined {
  let document: unknown;
  try {
    document = JSON.parse(content.replace(/^\uFEFF/, ''));
  } catch (error) {
    return `invalid JSON: ${(error as Error).message}`;
  }
  try {
    checkPolicy(document);
    return undefined;
  } catch (error) {
    if (error instanceof PolicyProblem) return error.message;
    throw error;
  }
}

class PolicyProblem extends Error {}

function reject(where: string, what: string): never {
  throw new PolicyProblem(where ? `${where}: ${what}` : what);
}

type JsonObject = Record<string, unknown>;
const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const NOT_IN_SCPS = ['Principal', 'NotPrincipal'];
const POLICY_ELEMENTS = ['Version', 'Id', 'Statement'];
const STATEMENT_ELEMENTS = ['Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'];

function checkElements(object: JsonObject, allowed: readonly string[], where: string): void {
  for (const key of Object.keys(object)) {
    if (NOT_IN_SCPS.includes(key)) reject(where, `${key} is not supported in service control policies`);
    if (!allowed.includes(key)) reject(where, `"${key}" is not a policy element here (expected ${allowed.join(', ')})`);
  }
}

function checkPolicy(document: unknown): void {
  if (!isObject(document)) reject('', 'a policy is a JSON object with Version and Statement');
  checkElements(document, POLICY_ELEMENTS, '');
  if (document.Version === undefined) reject('Version', 'Version is missing; an SCP must say "2012-10-17"');
  if (document.Version !== '2012-10-17') reject('Version', 'Version must be "2012-10-17"');
  if (document.Id !== undefined && typeof document.Id !== 'string') reject('Id', 'Id must be a string');
  const statements = document.Statement;
  if (statements === undefined) reject('Statement', 'Statement is missing');
  const list = Array.isArray(statements) ? statements : [statements];
  if (list.length === 0) reject('Statement', 'Statement is an empty list');
  const sids = new Set<string>();
  list.forEach((statement, index) =>
    checkStatement(statement, Array.isArray(statements) ? `Statement[${index}]` : 'Statement', sids),
  );
}

function checkStatement(statement: unknown, where: string, sids: Set<string>): void {
  if (!isObject(statement)) reject(where, 'a statement must be a JSON object');
  checkElements(statement, STATEMENT_ELEMENTS, where);
  const { Sid: sid, Effect: effect } = statement;
  if (sid !== undefined) {
    if (typeof sid !== 'string' || !/^[A-Za-z0-9]*$/.test(sid))
      reject(`${where}.Sid`, 'Sid may contain only A-Z, a-z and 0-9');
    if (sid !== '' && sids.has(sid)) reject(`${where}.Sid`, `Sid "${sid}" is not unique in the policy`);
    sids.add(sid);
  }
  if (effect === undefined) reject(`${where}.Effect`, 'Effect is missing');
  if (effect !== 'Allow' && effect !== 'Deny') reject(`${where}.Effect`, 'Effect must be "Allow" or "Deny"');
  const action = oneOf(statement, 'Action', 'NotAction', where);
  if (!action) reject(where, 'a statement needs Action or NotAction');
  for (const value of stringValues(statement[action], `${where}.${action}`)) {
    if (value !== '*' && !/^[a-z0-9-]+:[A-Za-z0-9*?]+$/.test(value))
      reject(`${where}.${action}`, `"${value}" is not an action (service:Action, wildcards * and ? allowed)`);
  }
  const resource = oneOf(statement, 'Resource', 'NotResource', where);
  if (resource) {
    for (const value of stringValues(statement[resource], `${where}.${resource}`)) {
      if (value !== '*' && !/^arn:[^:]*:[^:]*:[^:]*:[^:]*:.+$/.test(value))
        reject(`${where}.${resource}`, `"${value}" is neither * nor an ARN`);
    }
  }
  if (statement.Condition !== undefined) checkCondition(statement.Condition, `${where}.Condition`);
}

/** The one of two mutually exclusive elements a statement uses, if any. */
function oneOf(statement: JsonObject, a: string, b: string, where: string): string | undefined {
  if (statement[a] !== undefined && statement[b] !== undefined) reject(where, `use ${a} or ${b}, not both`);
  return statement[a] !== undefined ? a : statement[b] !== undefined ? b : undefined;
}

function stringValues(value: unknown, where: string): string[] {
  const values = Array.isArray(value) ? value : [value];
  if (values.length === 0) reject(where, 'an empty list');
  if (!values.every((item): item is string => typeof item === 'string')) reject(where, 'values must be strings');
  return values;
}

const OPERATOR_FAMILIES: Record<string, string[]> = {
  string: [
    'StringEquals',
    'StringNotEquals',
    'StringEqualsIgnoreCase',
    'StringNotEqualsIgnoreCase',
    'StringLike',
    'StringNotLike',
  ],
  numeric: [
    'NumericEquals',
    'NumericNotEquals',
    'NumericLessThan',
    'NumericLessThanEquals',
    'NumericGreaterThan',
    'NumericGreaterThanEquals',
  ],
  date: [
    'DateEquals',
    'DateNotEquals',
    'DateLessThan',
    'DateLessThanEquals',
    'DateGreaterThan',
    'DateGreaterThanEquals',
  ],
  arn: ['ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike'],
  bool: ['Bool', 'Null'],
  binary: ['BinaryEquals'],
  ip: ['IpAddress', 'NotIpAddress'],
};
const familyOf = new Map(
  Object.entries(OPERATOR_FAMILIES).flatMap(([family, names]) => names.map((name) => [name, family] as const)),
);

/** `[ForAllValues:|ForAnyValue:]Operator[IfExists]`; Null takes neither qualifier nor IfExists. */
function operatorFamily(operator: string): { base: string; family: string } | undefined {
  const match = /^(ForAllValues:|ForAnyValue:)?(.*?)(IfExists)?$/.exec(operator);
  const base = match?.[2] ?? '';
  const family = familyOf.get(base);
  if (!family || (base === 'Null' && (match?.[1] || match?.[3]))) return undefined;
  return { base, family };
}

function checkCondition(condition: unknown, where: string): void {
  if (!isObject(condition)) reject(where, 'Condition maps operators to { key: values }');
  for (const [operator, block] of Object.entries(condition)) {
    const kind = operatorFamily(operator);
    if (!kind) reject(`${where}.${operator}`, `"${operator}" is not a condition operator`);
    if (!isObject(block) || Object.keys(block).length === 0)
      reject(`${where}.${operator}`, 'an operator needs at least one condition key');
    for (const [key, raw] of Object.entries(block)) {
      const values = Array.isArray(raw) ? raw : [raw];
      const place = `${where}.${operator}.${key}`;
      if (values.length === 0) reject(place, 'the list of values is empty');
      if (!values.every((value) => ['string', 'number', 'boolean'].includes(typeof value)))
        reject(place, 'condition values are strings, numbers or booleans');
      const texts = values.map(String);
      if (!texts.every((text) => valueFits(kind.family, text)))
        reject(place, `${kind.base} does not accept ${texts.map((text) => JSON.stringify(text)).join(', ')}`);
    }
  }
}

function valueFits(family: string, text: string): boolean {
  switch (family) {
    case 'bool':
      return text === 'true' || text === 'false';
    case 'numeric':
      return text.trim() !== '' && Number.isFinite(Number(text));
    case 'date':
      return /^\d+$/.test(text) || !Number.isNaN(Date.parse(text));
    case 'ip':
      return /^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(text);
    default:
      return true;
  }
}
