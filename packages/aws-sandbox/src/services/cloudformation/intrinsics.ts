import { SandboxServiceError } from '../../errors.js';

/** Everything an intrinsic function may refer to. */
export interface EvaluationScope {
  /** Parameter values and pseudo parameters (AWS::AccountId, AWS::Region, …). */
  readonly values: Readonly<Record<string, unknown>>;
  readonly conditions: Readonly<Record<string, boolean>>;
  readonly mappings: Readonly<Record<string, Record<string, Record<string, unknown>>>>;
  /** Ref of a resource: its physical id (or what its type returns for Ref). */
  ref(logicalId: string): string;
  getAtt(logicalId: string, attribute: string): unknown;
}

/** Marks a property to drop (AWS::NoValue). */
export const NO_VALUE = Symbol('AWS::NoValue');

const fail = (message: string) => new SandboxServiceError('ValidationError', `Template error: ${message}`);

/**
 * Evaluates the intrinsic functions of a template fragment: Ref, Fn::GetAtt, Fn::Sub, Fn::Join, Fn::If,
 * Fn::Equals, Fn::Not, Fn::And, Fn::Or, Condition, Fn::Select, Fn::Split, Fn::FindInMap, Fn::Base64,
 * Fn::GetAZs. Pure (the scope answers for resources).
 */
export function evaluate(value: unknown, scope: EvaluationScope): unknown {
  if (Array.isArray(value)) return value.map((item) => evaluate(item, scope)).filter((item) => item !== NO_VALUE);
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value);
  if (entries.length === 1) {
    const [name, argument] = entries[0] as [string, unknown];
    if (name === 'Ref') return ref(String(argument), scope);
    if (name === 'Condition') return condition(String(argument), scope);
    if (name.startsWith('Fn::')) return intrinsic(name, argument, scope);
  }
  const result: Record<string, unknown> = {};
  for (const [key, member] of entries) {
    const evaluated = evaluate(member, scope);
    if (evaluated !== NO_VALUE) result[key] = evaluated;
  }
  return result;
}

function ref(name: string, scope: EvaluationScope): unknown {
  if (name === 'AWS::NoValue') return NO_VALUE;
  if (Object.hasOwn(scope.values, name)) return scope.values[name];
  return scope.ref(name);
}

function condition(name: string, scope: EvaluationScope): boolean {
  if (!Object.hasOwn(scope.conditions, name)) throw fail(`Unresolved condition dependency ${name}`);
  return scope.conditions[name] as boolean;
}

function intrinsic(name: string, argument: unknown, scope: EvaluationScope): unknown {
  const args = () => (Array.isArray(argument) ? argument : [argument]);
  switch (name) {
    case 'Fn::GetAtt': {
      const [logicalId, ...attribute] = Array.isArray(argument)
        ? (argument as unknown[]).map((part) => String(evaluate(part, scope)))
        : String(argument).split('.');
      return scope.getAtt(String(logicalId), attribute.join('.'));
    }
    case 'Fn::Sub':
      return substitute(argument, scope);
    case 'Fn::Join': {
      const [separator, items] = args() as [unknown, unknown];
      const list = evaluate(items, scope);
      if (!Array.isArray(list)) throw fail('Fn::Join expects a list');
      return list.map(String).join(String(separator));
    }
    case 'Fn::If': {
      const [conditionName, whenTrue, whenFalse] = args() as [string, unknown, unknown];
      return evaluate(condition(conditionName, scope) ? whenTrue : whenFalse, scope);
    }
    case 'Fn::Equals': {
      const [left, right] = args().map((item) => evaluate(item, scope));
      return JSON.stringify(left) === JSON.stringify(right) || String(left) === String(right);
    }
    case 'Fn::Not':
      return !truthy(evaluate(args()[0], scope));
    case 'Fn::And':
      return args().every((item) => truthy(evaluate(item, scope)));
    case 'Fn::Or':
      return args().some((item) => truthy(evaluate(item, scope)));
    case 'Fn::Select': {
      const [index, items] = args() as [unknown, unknown];
      const list = evaluate(items, scope);
      if (!Array.isArray(list)) throw fail('Fn::Select expects a list');
      return list[Number(evaluate(index, scope))];
    }
    case 'Fn::Split': {
      const [separator, source] = args() as [unknown, unknown];
      return String(evaluate(source, scope)).split(String(separator));
    }
    case 'Fn::FindInMap': {
      const [map, top, second] = args().map((item) => String(evaluate(item, scope)));
      const found = scope.mappings[map as string]?.[top as string]?.[second as string];
      if (found === undefined) throw fail(`Fn::FindInMap found no ${map}/${top}/${second}`);
      return found;
    }
    case 'Fn::Base64':
      return Buffer.from(String(evaluate(argument, scope))).toString('base64');
    case 'Fn::GetAZs': {
      const region = String(evaluate(argument, scope) || scope.values['AWS::Region']);
      return ['a', 'b', 'c'].map((zone) => `${region}${zone}`);
    }
    default:
      // Fn::ImportValue, Fn::Cidr, Fn::Transform: recorded as written; the stand-in does not evaluate them.
      return `{${name}}`;
  }
}

function truthy(value: unknown): boolean {
  return value === true || value === 'true';
}

/** Fn::Sub: ${Param}, ${Resource}, ${Resource.Attr}, ${!Literal}, with optional extra variables. */
function substitute(argument: unknown, scope: EvaluationScope): string {
  const [text, variables] = Array.isArray(argument)
    ? (argument as [unknown, Record<string, unknown>?])
    : [argument, undefined];
  const extra = Object.fromEntries(
    Object.entries(variables ?? {}).map(([key, value]) => [key, evaluate(value, scope)]),
  );
  return String(text).replace(/\$\{([^}]*)\}/g, (whole, name: string) => {
    if (name.startsWith('!')) return `\${${name.slice(1)}}`;
    if (Object.hasOwn(extra, name)) return String(extra[name]);
    if (Object.hasOwn(scope.values, name)) return String(scope.values[name]);
    const dot = name.indexOf('.');
    if (dot > 0) return String(scope.getAtt(name.slice(0, dot), name.slice(dot + 1)));
    if (!name) return whole;
    return scope.ref(name);
  });
}

/** The logical ids a fragment refers to (Ref, Fn::GetAtt, ${…} in Fn::Sub), for dependency order. */
export function referencedIds(value: unknown, into: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) referencedIds(item, into);
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, member] of Object.entries(value)) {
      if (key === 'Ref' && typeof member === 'string') into.add(member);
      else if (key === 'Fn::GetAtt')
        into.add(Array.isArray(member) ? String(member[0]) : (String(member).split('.')[0] ?? ''));
      else if (key === 'Fn::Sub') {
        const text = Array.isArray(member) ? member[0] : member;
        for (const match of String(text).matchAll(/\$\{([^!}][^}.]*)/g)) into.add(match[1] as string);
        if (Array.isArray(member)) referencedIds(member[1], into);
      } else referencedIds(member, into);
    }
  }
  return into;
}
