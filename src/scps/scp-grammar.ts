import { elementPath, memberPath } from './json-source.js';
import { checkCondition, isObject, type ParsedOperator } from './scp-conditions.js';

export type IssueSeverity = 'error' | 'warning';

/** One finding about a policy document; `path` points inside the document, e.g. `Statement[2].Condition`. */
export interface ScpIssue {
  severity: IssueSeverity;
  /** Stable rule name, e.g. 'unsupported-element'. */
  rule: string;
  path: string;
  message: string;
  line?: number;
  column?: number;
}

const TOP_LEVEL_ELEMENTS = new Set(['Version', 'Id', 'Statement']);
const STATEMENT_ELEMENTS = new Set(['Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition']);
const UNSUPPORTED_IN_SCPS = new Set(['Principal', 'NotPrincipal']);

const ACTION_PATTERN = /^[a-z0-9-]+:[A-Za-z0-9*?]+$/;
const SID_PATTERN = /^[A-Za-z0-9]*$/;

/** A statement as found in the document, with its path; only the shapes the grammar accepted. */
export interface StatementView {
  path: string;
  sid?: string;
  effect?: string;
  /** isList: the element was written as a JSON list (so items have paths such as Action[2]). */
  actions?: { element: 'Action' | 'NotAction'; values: string[]; isList: boolean };
  resources?: { element: 'Resource' | 'NotResource'; values: string[]; isList: boolean };
  conditions: Array<{ operator: string; parsed: ParsedOperator; key: string; values: unknown[]; path: string }>;
}

export interface GrammarResult {
  issues: ScpIssue[];
  statements: StatementView[];
}

/**
 * Checks a parsed document against AWS's SCP grammar (Version, Statement, Effect, Action/NotAction,
 * Resource/NotResource, Condition operators and values, no Principal/NotPrincipal). Pure and
 * synchronous: the sandbox uses it to answer MalformedPolicyDocumentException.
 */
export function checkScpGrammar(document: unknown): GrammarResult {
  const issues: ScpIssue[] = [];
  const statements: StatementView[] = [];
  const issue = (rule: string, path: string, message: string, severity: IssueSeverity = 'error') =>
    issues.push({ severity, rule, path, message });
  if (!isObject(document)) {
    issue('document-type', '', 'the policy must be a JSON object with Version and Statement');
    return { issues, statements };
  }
  for (const key of Object.keys(document)) {
    if (UNSUPPORTED_IN_SCPS.has(key))
      issue(
        'unsupported-element',
        key,
        `${key} is not supported in SCPs (an SCP applies to every principal of the accounts it is attached to)`,
      );
    else if (!TOP_LEVEL_ELEMENTS.has(key))
      issue(
        'unknown-element',
        key,
        `"${key}" is not a policy element; a policy has Version, Statement and optionally Id`,
      );
  }
  if (document.Version === undefined)
    issue('version', 'Version', 'Version is missing; every SCP must say "Version": "2012-10-17"');
  else if (document.Version !== '2012-10-17')
    issue('version', 'Version', `Version must be "2012-10-17"; got ${JSON.stringify(document.Version)}`);
  if (document.Id !== undefined && typeof document.Id !== 'string') issue('id', 'Id', 'Id must be a string');

  const raw = document.Statement;
  if (raw === undefined) {
    issue('statement', 'Statement', 'Statement is missing');
    return { issues, statements };
  }
  const list = Array.isArray(raw)
    ? raw.map((value, i) => ({ value, path: elementPath('Statement', i) }))
    : [{ value: raw, path: 'Statement' }];
  if (Array.isArray(raw) && raw.length === 0) issue('statement', 'Statement', 'Statement is an empty list');
  const sids = new Map<string, string>();
  for (const { value, path } of list) {
    if (!isObject(value)) {
      issue('statement', path, 'a statement must be a JSON object');
      continue;
    }
    statements.push(checkStatement(value, path, issue, sids));
  }
  return { issues, statements };
}

/** Records an issue found at a path of the document. */
export type Report = (rule: string, path: string, message: string, severity?: IssueSeverity) => void;

function checkStatement(
  statement: Record<string, unknown>,
  path: string,
  issue: Report,
  sids: Map<string, string>,
): StatementView {
  const view: StatementView = { path, conditions: [] };
  for (const key of Object.keys(statement)) {
    const keyPath = memberPath(path, key);
    if (UNSUPPORTED_IN_SCPS.has(key))
      issue(
        'unsupported-element',
        keyPath,
        `${key} is not supported in SCPs: an SCP applies to every principal of the accounts it is attached to; use a Condition on aws:PrincipalArn instead`,
      );
    else if (!STATEMENT_ELEMENTS.has(key))
      issue(
        'unknown-element',
        keyPath,
        `"${key}" is not a statement element; expected Sid, Effect, Action or NotAction, Resource or NotResource, Condition`,
      );
  }
  if (statement.Sid !== undefined) {
    const sidPath = memberPath(path, 'Sid');
    if (typeof statement.Sid !== 'string') issue('sid', sidPath, 'Sid must be a string');
    else {
      view.sid = statement.Sid;
      if (!SID_PATTERN.test(statement.Sid))
        issue('sid', sidPath, `Sid "${statement.Sid}" may contain only letters A-Z, a-z and digits`);
      const first = sids.get(statement.Sid);
      if (first !== undefined && statement.Sid !== '')
        issue(
          'sid',
          sidPath,
          `Sid "${statement.Sid}" is used twice (first at ${first}); Sids must be unique within a policy`,
        );
      else sids.set(statement.Sid, sidPath);
    }
  }
  const effectPath = memberPath(path, 'Effect');
  if (statement.Effect === undefined) issue('effect', effectPath, 'Effect is missing; use "Allow" or "Deny"');
  else if (statement.Effect !== 'Allow' && statement.Effect !== 'Deny')
    issue('effect', effectPath, `Effect must be "Allow" or "Deny"; got ${JSON.stringify(statement.Effect)}`);
  else view.effect = statement.Effect;

  const actions = exclusivePair(statement, path, 'Action', 'NotAction', issue);
  if (actions) {
    const values = stringList(actions.value, memberPath(path, actions.element), 'action', issue);
    values.forEach((action, i) => {
      if (action !== '*' && !ACTION_PATTERN.test(action)) {
        const itemPath = Array.isArray(actions.value)
          ? elementPath(memberPath(path, actions.element), i)
          : memberPath(path, actions.element);
        issue(
          'action-format',
          itemPath,
          `"${action}" is not an action; write service:Action, e.g. s3:PutObject, s3:Get* or *`,
        );
      }
    });
    view.actions = { element: actions.element as 'Action' | 'NotAction', values, isList: Array.isArray(actions.value) };
  } else if (statement.Action === undefined && statement.NotAction === undefined) {
    issue('action-element', path, 'the statement needs Action or NotAction');
  }

  const resources = exclusivePair(statement, path, 'Resource', 'NotResource', issue);
  if (resources) {
    const values = stringList(resources.value, memberPath(path, resources.element), 'resource', issue);
    values.forEach((resource, i) => {
      if (resource !== '*' && !/^arn:[^:]*:[^:]*:[^:]*:[^:]*:.+$/.test(resource)) {
        const itemPath = Array.isArray(resources.value)
          ? elementPath(memberPath(path, resources.element), i)
          : memberPath(path, resources.element);
        issue(
          'resource-format',
          itemPath,
          `"${resource}" is not an ARN or *; write arn:partition:service:region:account:resource`,
        );
      }
    });
    view.resources = {
      element: resources.element as 'Resource' | 'NotResource',
      values,
      isList: Array.isArray(resources.value),
    };
  } else if (statement.Resource === undefined && statement.NotResource === undefined) {
    issue(
      'resource-missing',
      path,
      'the statement has no Resource; AWS applies it to every resource, say so with "Resource": "*"',
      'warning',
    );
  }

  if (statement.Condition !== undefined)
    view.conditions = checkCondition(statement.Condition, memberPath(path, 'Condition'), issue);
  return view;
}

/** Exactly one of two alternative elements (Action/NotAction, Resource/NotResource). */
function exclusivePair(
  statement: Record<string, unknown>,
  path: string,
  a: string,
  b: string,
  issue: Report,
): { element: string; value: unknown } | undefined {
  if (statement[a] !== undefined && statement[b] !== undefined) {
    issue(
      a === 'Action' ? 'action-element' : 'resource-element',
      memberPath(path, b),
      `a statement has ${a} or ${b}, not both`,
    );
    return undefined;
  }
  if (statement[a] !== undefined) return { element: a, value: statement[a] };
  if (statement[b] !== undefined) return { element: b, value: statement[b] };
  return undefined;
}

function stringList(value: unknown, path: string, what: string, issue: Report): string[] {
  const rule = what === 'action' ? 'action-element' : 'resource-element';
  if (typeof value === 'string') return [value];
  if (!Array.isArray(value)) {
    issue(rule, path, `must be a string or a list of strings`);
    return [];
  }
  if (value.length === 0) issue(rule, path, `is an empty list; name at least one ${what}`);
  const strings: string[] = [];
  value.forEach((item, i) => {
    if (typeof item === 'string') strings.push(item);
    else issue(rule, elementPath(path, i), `each ${what} must be a string`);
  });
  return strings;
}
