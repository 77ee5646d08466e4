/** Faults injected into sandbox responses, parsed from AWSARCH_SANDBOX_FAULTS. */
export interface FaultPlan {
  /** Share of requests (0..1) answered with the service's throttling error. */
  readonly throttleRatio: number;
  /** Added to every request before it is handled. */
  readonly latencyMs: number;
  /** Per operation name: the error code to answer with and how often (0..1). */
  readonly operationErrors: ReadonlyMap<string, OperationFault>;
}

export interface OperationFault {
  readonly code: string;
  readonly probability: number;
}

export type FaultDecision =
  { readonly kind: 'throttle' } | { readonly kind: 'error'; readonly code: string } | undefined;

export const NO_FAULTS: FaultPlan = { throttleRatio: 0, latencyMs: 0, operationErrors: new Map() };

const EXPECTED_SYNTAX =
  'expected comma-separated items throttle=<ratio 0..1>, latency=<n>ms (or <n>s), ' +
  '<Operation>=<ErrorCode> or <Operation>=<ErrorCode>@<probability 0..1>, ' +
  'e.g. "throttle=0.3,latency=40ms,CreateAccount=ConcurrentModificationException,DescribeAccount=ServiceException@0.5"';

/** Thrown for an AWSARCH_SANDBOX_FAULTS value that cannot be parsed. */
export class InvalidFaultSpecError extends Error {
  constructor(item: string, problem: string) {
    super(`Invalid AWSARCH_SANDBOX_FAULTS item "${item}": ${problem}; ${EXPECTED_SYNTAX}`);
    this.name = 'InvalidFaultSpecError';
  }
}

/** Parses a fault spec such as "throttle=0.3,latency=40ms,CreateAccount=ConcurrentModificationException". */
export function parseFaultSpec(spec: string | undefined): FaultPlan {
  if (spec === undefined || spec.trim() === '') return NO_FAULTS;
  let throttleRatio = 0;
  let latencyMs = 0;
  const operationErrors = new Map<string, OperationFault>();
  for (const rawItem of spec.split(',')) {
    const item = rawItem.trim();
    if (item === '') continue;
    const separator = item.indexOf('=');
    if (separator <= 0) throw new InvalidFaultSpecError(item, 'missing "name=value"');
    const name = item.slice(0, separator).trim();
    const value = item.slice(separator + 1).trim();
    if (name === 'throttle') {
      throttleRatio = parseRatio(item, value);
    } else if (name === 'latency') {
      latencyMs = parseDuration(item, value);
    } else if (/^[A-Z][A-Za-z0-9]*$/.test(name)) {
      operationErrors.set(name, parseOperationFault(item, value));
    } else {
      throw new InvalidFaultSpecError(item, `unknown name "${name}" (operation names start with a capital letter)`);
    }
  }
  return { throttleRatio, latencyMs, operationErrors };
}

/** Decides whether this request gets a fault; random is injectable for tests. */
export function decideFault(plan: FaultPlan, operation: string, random: () => number = Math.random): FaultDecision {
  const operationFault = plan.operationErrors.get(operation);
  if (operationFault && random() < operationFault.probability) return { kind: 'error', code: operationFault.code };
  if (plan.throttleRatio > 0 && random() < plan.throttleRatio) return { kind: 'throttle' };
  return undefined;
}

function parseOperationFault(item: string, value: string): OperationFault {
  const [code = '', probabilityText, ...rest] = value.split('@');
  if (rest.length > 0) throw new InvalidFaultSpecError(item, 'more than one "@"');
  if (!/^[A-Za-z][A-Za-z0-9]*$/.test(code)) throw new InvalidFaultSpecError(item, `"${code}" is not an error code`);
  const probability = probabilityText === undefined ? 1 : parseRatio(item, probabilityText);
  return { code, probability };
}

function parseRatio(item: string, text: string): number {
  const ratio = /^\d*\.?\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(ratio >= 0 && ratio <= 1)) throw new InvalidFaultSpecError(item, `"${text}" is not a ratio between 0 and 1`);
  return ratio;
}

function parseDuration(item: string, text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s)?$/.exec(text);
  if (!match) throw new InvalidFaultSpecError(item, `"${text}" is not a duration`);
  const amount = Number(match[1]);
  return match[2] === 's' ? amount * 1000 : amount;
}
