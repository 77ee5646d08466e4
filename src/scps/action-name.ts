import { usageError } from '../core/errors.js';
import { ERR } from '../core/error-codes.js';
import { shellQuote } from '../core/shell-quote.js';
import { actionPatternMatches, closestNames, iamDataCatalog, type ActionCatalog } from './action-catalog.js';

/**
 * Checks an IAM action (service:Action, wildcards allowed) against AWS's service authorization reference
 * before any call: an unknown service or action is a usage error with the closest names ("did you mean
 * ec2:RunInstances?") and a pasteable hint for `option`. Case does not matter, as in IAM.
 */
export async function checkActionName(
  action: string,
  option = '--action',
  catalog: ActionCatalog = iamDataCatalog,
): Promise<void> {
  const colon = action.indexOf(':');
  const service = action.slice(0, colon).toLowerCase();
  const name = action.slice(colon + 1);
  if (colon < 0 || service === '' || name === '') return;
  if (!(await catalog.serviceExists(service))) {
    const services = closestNames(service, await catalog.services(), 5);
    const withAction: string[] = [];
    for (const found of services) {
      const actions = await catalog.actions(found);
      const match = actions.find((candidate) => actionPatternMatches(name, candidate));
      if (match !== undefined) withAction.push(/[*?]/.test(name) ? `${found}:${name}` : `${found}:${match}`);
    }
    throw unknown(`unknown service "${service}" in ${action}`, withAction.slice(0, 2), option);
  }
  const actions = await catalog.actions(service);
  if (actions.some((candidate) => actionPatternMatches(name, candidate))) return;
  const suggestions = /[*?]/.test(name) ? [] : closestNames(name, actions).map((found) => `${service}:${found}`);
  throw unknown(
    /[*?]/.test(name) ? `${action} matches no ${service} action` : `unknown action ${action}`,
    suggestions,
    option,
  );
}

function unknown(problem: string, suggestions: readonly string[], option: string) {
  const [best] = suggestions;
  return usageError(
    ERR.UNKNOWN_ACTION,
    best === undefined ? problem : `${problem}; did you mean ${suggestions.join(' or ')}?`,
    best === undefined
      ? "AWS's Service Authorization Reference lists every service's actions"
      : `use ${option} ${shellQuote(best)}`,
  );
}
