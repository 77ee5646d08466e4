import type { SandboxState } from '../../state.js';
import { allFunctions } from './model.js';

/** Function faults of `awsarch sandbox fault` (its --help, src/commands/sandbox.ts, describes them). */
export const FUNCTION_FAULT_NAMES = ['function-errors', 'function-restore'] as const;
export type FunctionFaultName = (typeof FUNCTION_FAULT_NAMES)[number];

export function isFunctionFault(name: string): name is FunctionFaultName {
  return (FUNCTION_FAULT_NAMES as readonly string[]).includes(name);
}

/** No function of the Region has a name containing the target. */
export class NoSuchFunctionError extends Error {}

/**
 * function-errors: the functions whose name contains target (every function of the Region without one)
 * fail a share of their invocations (rate, 0..1) before their handler runs, as a handler error would;
 * function-restore clears it. Returns one line per function changed.
 */
export function applyFunctionFault(
  state: SandboxState,
  request: { name: FunctionFaultName; target?: string; rate?: number; region: string },
): { accountId: string; changed: string[] } {
  const chosen = allFunctions(state).filter(
    (fn) => fn.region === request.region && (request.target === undefined || fn.name.includes(request.target)),
  );
  if (chosen.length === 0)
    throw new NoSuchFunctionError(
      `no function${request.target ? ` whose name contains "${request.target}"` : ''} in ${request.region}; deploy a workload first`,
    );
  const rate = request.name === 'function-restore' ? 0 : (request.rate ?? 1);
  const changed: string[] = [];
  for (const fn of chosen) {
    if ((fn.injectedErrorRate ?? 0) === rate) continue;
    if (rate === 0) delete fn.injectedErrorRate;
    else fn.injectedErrorRate = rate;
    changed.push(`${fn.name}: ${rate === 0 ? 'runs normally' : `${Math.round(rate * 100)}% of invocations fail`}`);
  }
  return { accountId: (chosen[0] as { accountId: string }).accountId, changed };
}
