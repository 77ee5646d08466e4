import { actionPatternMatches, closestNames, type ActionCatalog } from './action-catalog.js';
import { elementPath, memberPath } from './json-source.js';
import { NEGATED_OPERATORS } from './scp-conditions.js';
import type { ScpIssue, StatementView } from './scp-grammar.js';

/** aws: keys that only some actions carry; other global keys are present on every request. */
const ACTION_SPECIFIC_GLOBAL_KEY = /^aws:(RequestTag\/|TagKeys$|ResourceTag\/)/i;
/** Wildcards that expand to more actions than this are not checked for condition-key support. */
const MAX_EXPANDED_ACTIONS = 200;

/**
 * Checks a policy against AWS's service authorization reference: every action and action
 * wildcard must name at least one real action (a misspelt action in a Deny protects nothing),
 * every condition key must exist, and each condition key should be one the statement's actions
 * support (otherwise the condition never holds, or for negated operators always holds).
 */
export async function checkAgainstCatalog(
  statements: readonly StatementView[],
  catalog: ActionCatalog,
): Promise<ScpIssue[]> {
  const issues: ScpIssue[] = [];
  for (const statement of statements) {
    const expanded = statement.actions ? await checkActions(statement, catalog, issues) : [];
    for (const condition of statement.conditions) {
      const canonical = await catalog.conditionKey(condition.key);
      if (canonical === undefined) {
        const suggestions = closestNames(condition.key, await catalog.conditionKeysLike(condition.key));
        issues.push({
          severity: 'error',
          rule: 'condition-key-unknown',
          path: condition.path,
          message: `"${condition.key}" is not a condition key in AWS's service authorization reference${didYouMean(suggestions)}; a condition on a key that is never present ${NEGATED_OPERATORS.has(condition.parsed.base) ? 'always holds' : 'never holds'}`,
        });
        continue;
      }
      if (statement.actions?.element === 'Action' && expanded.length > 0 && isActionSpecific(condition.key)) {
        const lacking: string[] = [];
        for (const action of expanded) {
          const [service, name] = action.split(':') as [string, string];
          if (!supportsKey(await catalog.conditionKeys(service, name), condition.key)) lacking.push(action);
        }
        if (lacking.length > 0) {
          const effect =
            NEGATED_OPERATORS.has(condition.parsed.base) || condition.parsed.ifExists ? 'always holds' : 'never holds';
          issues.push({
            severity: 'warning',
            rule: 'condition-key-not-applicable',
            path: condition.path,
            message: `${listActions(lacking)} ${lacking.length === 1 ? 'does' : 'do'} not support ${condition.key}, so for ${lacking.length === 1 ? 'it' : 'them'} this condition ${effect}`,
          });
        }
      }
    }
  }
  return issues;
}

/** Reports unknown services and actions; returns the concrete actions the statement names. */
async function checkActions(statement: StatementView, catalog: ActionCatalog, issues: ScpIssue[]): Promise<string[]> {
  const element = statement.actions as NonNullable<StatementView['actions']>;
  const elementPathText = memberPath(statement.path, element.element);
  const expanded = new Set<string>();
  let tooBroad = false;
  for (const [index, action] of element.values.entries()) {
    if (action === '*') {
      tooBroad = true;
      continue;
    }
    const path = element.isList ? elementPath(elementPathText, index) : elementPathText;
    const separator = action.indexOf(':');
    if (separator < 0) continue; // a format error the grammar already reported
    const service = action.slice(0, separator);
    const name = action.slice(separator + 1);
    if (!(await catalog.serviceExists(service))) {
      issues.push({
        severity: 'error',
        rule: 'action-unknown',
        path,
        message: `"${service}" is not a service prefix in AWS's service authorization reference${didYouMean(closestNames(service, await catalog.services()))}`,
      });
      continue;
    }
    const actions = await catalog.actions(service);
    const matches = actions.filter((candidate) => actionPatternMatches(name, candidate));
    if (matches.length === 0) {
      const what = /[*?]/.test(name)
        ? `the wildcard "${action}" matches no ${service} action`
        : `"${action}" is not an action of ${service}`;
      const consequence =
        element.element === 'NotAction'
          ? 'this exemption exempts nothing'
          : statement.effect === 'Deny'
            ? 'a Deny on it protects nothing'
            : 'it allows nothing';
      issues.push({
        severity: 'error',
        rule: 'action-unknown',
        path,
        message: `${what}${didYouMean(closestNames(name, actions).map((found) => `${service}:${found}`))}; ${consequence}`,
      });
      continue;
    }
    for (const match of matches) expanded.add(`${service}:${match}`);
  }
  if (tooBroad || expanded.size > MAX_EXPANDED_ACTIONS) return [];
  return [...expanded];
}

function isActionSpecific(key: string): boolean {
  return !key.toLowerCase().startsWith('aws:') || ACTION_SPECIFIC_GLOBAL_KEY.test(key);
}

/** Whether a list of supported keys (lower case, with ${TagKey} placeholders) covers a key as written in a policy. */
function supportsKey(supported: readonly string[], key: string): boolean {
  const wanted = key.toLowerCase();
  const slash = wanted.indexOf('/');
  if (slash < 0) return supported.includes(wanted);
  const prefix = wanted.slice(0, slash + 1);
  return supported.some((candidate) => candidate === wanted || candidate.startsWith(prefix));
}

function didYouMean(suggestions: readonly string[]): string {
  return suggestions.length ? ` (did you mean ${suggestions.join(' or ')}?)` : '';
}

function listActions(actions: readonly string[]): string {
  return actions.length <= 3 ? actions.join(', ') : `${actions.slice(0, 3).join(', ')} and ${actions.length - 3} more`;
}
