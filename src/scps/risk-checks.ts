import { NEGATED_OPERATORS } from './scp-conditions.js';
import type { ScpIssue, StatementView } from './scp-grammar.js';

/** Condition keys that identify who is calling. */
const PRINCIPAL_KEY =
  /^aws:(PrincipalArn|PrincipalTag\/.+|userid|username|PrincipalAccount|PrincipalIsAWSService|PrincipalServiceName)$/i;

/**
 * Pure: patterns that are valid but risky. A Deny that spares no break-glass role cannot be worked
 * around in an emergency without detaching the SCP; a Deny of every action without a condition
 * stops every principal below its target (on the root: the whole organization).
 */
export function checkRiskyPatterns(statements: readonly StatementView[]): ScpIssue[] {
  const issues: ScpIssue[] = [];
  for (const statement of statements) {
    if (statement.effect !== 'Deny') continue;
    const principalConditions = statement.conditions.filter((condition) => PRINCIPAL_KEY.test(condition.key));
    const exempts = principalConditions.some((condition) => NEGATED_OPERATORS.has(condition.parsed.base));
    const targetsPrincipals = principalConditions.some(
      (condition) => !NEGATED_OPERATORS.has(condition.parsed.base) && condition.parsed.base !== 'Null',
    );
    if (isDenyAll(statement)) {
      issues.push({
        severity: 'warning',
        rule: 'deny-all',
        path: statement.path,
        message:
          'this statement denies every action on every resource without a condition: attached to an OU it stops every account in it, attached to the root the whole organization (only the management account is spared)',
      });
    } else if (!exempts && !targetsPrincipals) {
      issues.push({
        severity: 'warning',
        rule: 'deny-without-break-glass',
        path: statement.path,
        message:
          'this Deny spares no one: add "ArnNotLike": {"aws:PrincipalArn": [...]} for a break-glass role, or an emergency fix means detaching the SCP first',
      });
    }
  }
  return issues;
}

function isDenyAll(statement: StatementView): boolean {
  const allActions = statement.actions?.element === 'Action' && statement.actions.values.includes('*');
  const allResources =
    statement.resources === undefined ||
    (statement.resources.element === 'Resource' && statement.resources.values.includes('*'));
  return allActions && allResources && statement.conditions.length === 0;
}
