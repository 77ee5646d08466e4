/**
 * How the scheduler treats each AWS service: which calls share a lane (the scope AWS throttles in), how
 * many may be in flight in a lane, and the request rates AWS publishes.
 */

/** One AWS call as the scheduler sees it; service is the SDK client's name without "Client" (EC2, IAM, ...). */
export interface CallTarget {
  readonly service: string;
  readonly operation: string;
  /** The account the credentials act in ('' for the caller's own). */
  readonly accountId: string;
  readonly region: string;
}

/** A published request rate: a token bucket of `burst` refilled at `perSecond`, per account and Region. */
export interface RateRule {
  readonly name: string;
  readonly perSecond: number;
  readonly burst: number;
}

/**
 * Services whose API is one endpoint for every Region and whose limits are account-wide: their calls
 * share one lane per account whatever the client's Region.
 */
const GLOBAL_SERVICES = new Set(['IAM', 'Organizations']);

/** Calls in flight per lane (before throttling lowers it). IAM and Organizations are account-wide and slow. */
const LANE_LIMITS: Readonly<Record<string, number>> = { IAM: 4, Organizations: 4, DynamoDB: 32, DynamoDBDocument: 32 };
export const DEFAULT_LANE_LIMIT = 8;
export const DEFAULT_MAX_CONCURRENCY = 32;

/** The lane a call waits in: calls AWS throttles together share one. */
export function laneOf(target: CallTarget): string {
  const region = GLOBAL_SERVICES.has(target.service) ? 'global' : target.region;
  return `${target.service}|${target.accountId || 'self'}|${region}`;
}

export function laneLimitOf(service: string): number {
  return LANE_LIMITS[service] ?? DEFAULT_LANE_LIMIT;
}

/**
 * Security Hub's published throttling limits, per account and Region (the service model's documentation:
 * "The following throttling limits apply to using Security Hub API operations").
 */
const SECURITY_HUB_RATES: Readonly<Record<string, RateRule>> = {
  GetFindings: { name: 'GetFindings', perSecond: 3, burst: 6 },
  BatchEnableStandards: { name: 'BatchEnableStandards', perSecond: 1, burst: 1 },
  UpdateStandardsControl: { name: 'UpdateStandardsControl', perSecond: 1, burst: 5 },
  BatchImportFindings: { name: 'BatchImportFindings', perSecond: 10, burst: 30 },
  BatchUpdateFindings: { name: 'BatchUpdateFindings', perSecond: 10, burst: 30 },
};
const SECURITY_HUB_OTHERS: RateRule = { name: 'other', perSecond: 10, burst: 30 };

/**
 * EC2's published request rate for non-mutating (Describe*) actions: a bucket of 100 tokens refilled at
 * 20 per second, for each API, per account and Region ("Request throttling for the Amazon EC2 API").
 */
const EC2_DESCRIBE: Omit<RateRule, 'name'> = { perSecond: 20, burst: 100 };

/**
 * The published rate that applies to a call, if AWS publishes one. Organizations and CloudFormation
 * publish none (their quota pages list no request rates; Organizations answers TooManyRequestsException,
 * CloudFormation "Rate exceeded", when busy): their calls are paced by the lane limit and adaptive backoff.
 */
export function rateRuleOf(target: CallTarget): RateRule | undefined {
  if (target.service === 'SecurityHub') return SECURITY_HUB_RATES[target.operation] ?? SECURITY_HUB_OTHERS;
  if (target.service === 'EC2' && target.operation.startsWith('Describe'))
    return { name: target.operation, ...EC2_DESCRIBE };
  return undefined;
}
