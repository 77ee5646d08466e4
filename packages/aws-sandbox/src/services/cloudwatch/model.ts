import { SandboxServiceError } from '../../errors.js';
import { serviceState, type SandboxState } from '../../state.js';
import type { HandlerContext } from '../../types.js';

/** The CloudWatch slice of the sandbox state: alarms per account and region, dashboards per account (they are global). */
export interface CloudWatchState {
  accounts: Record<string, CloudWatchAccount>;
}

export interface CloudWatchAccount {
  regions: Record<string, { alarms: Record<string, MetricAlarm> }>;
  dashboards: Record<string, { body: string; lastModified: number }>;
}

export interface Dimension {
  name: string;
  value: string;
}

export type AlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

export interface MetricAlarm {
  name: string;
  description?: string;
  actionsEnabled: boolean;
  okActions: string[];
  alarmActions: string[];
  insufficientDataActions: string[];
  namespace: string;
  metricName: string;
  dimensions: Dimension[];
  statistic?: string;
  extendedStatistic?: string;
  period: number;
  unit?: string;
  evaluationPeriods: number;
  datapointsToAlarm?: number;
  threshold: number;
  comparisonOperator: string;
  /** breaching | notBreaching | ignore | missing (AWS's default). */
  treatMissingData: string;
  tags: Array<{ key: string; value: string }>;
  configurationUpdated: number;
  state: AlarmState;
  stateReason: string;
  stateReasonData?: string;
  stateUpdated: number;
  /** The state the evaluations point to, and since when (a change needs it for the alarm's window). */
  pending?: { state: AlarmState; since: number };
  /** False until the first evaluation, which sets the state at once (AWS evaluates a new alarm right away). */
  evaluated: boolean;
  /** Notifications published to SNS topics by the alarm's actions (the sandbox delivers nothing further). */
  notifications: number;
}

export function cloudWatchAccount(state: SandboxState, accountId: string): CloudWatchAccount {
  const accounts = serviceState<CloudWatchState>(state, 'cloudwatch', () => ({ accounts: {} })).accounts;
  return (accounts[accountId] ??= { regions: {}, dashboards: {} });
}

export function alarmsOf(state: SandboxState, accountId: string, region: string): Record<string, MetricAlarm> {
  const account = cloudWatchAccount(state, accountId);
  return (account.regions[region] ??= { alarms: {} }).alarms;
}

export const callerAlarms = (ctx: Pick<HandlerContext, 'state' | 'caller' | 'region'>) =>
  alarmsOf(ctx.state, ctx.caller.accountId, ctx.region);

export const alarmArn = (region: string, accountId: string, name: string) =>
  `arn:aws:cloudwatch:${region}:${accountId}:alarm:${name}`;
export const dashboardArn = (accountId: string, name: string) => `arn:aws:cloudwatch::${accountId}:dashboard/${name}`;

/** CloudWatch's error shapes and the query codes the SDK reads from x-amzn-query-error. */
export const CLOUDWATCH_QUERY_ERROR_CODES: Record<string, string> = {
  InvalidParameterValueException: 'InvalidParameterValue',
  InvalidParameterCombinationException: 'InvalidParameterCombination',
  MissingRequiredParameterException: 'MissingParameter',
  LimitExceededFault: 'LimitExceeded',
  ResourceNotFound: 'ResourceNotFound',
  DashboardNotFoundError: 'ResourceNotFound',
  DashboardInvalidInputError: 'InvalidParameterInput',
  InvalidNextToken: 'InvalidNextToken',
  InternalServiceFault: 'InternalServiceError',
  ThrottlingException: 'Throttling',
};

export const invalidValue = (message: string) => new SandboxServiceError('InvalidParameterValueException', message);
export const missingParameter = (name: string) =>
  new SandboxServiceError('MissingRequiredParameterException', `The parameter ${name} is required.`);
export const invalidCombination = (message: string) =>
  new SandboxServiceError('InvalidParameterCombinationException', message);

export function sameDimensions(a: readonly Dimension[], b: readonly Dimension[]): boolean {
  if (a.length !== b.length) return false;
  const key = (dimensions: readonly Dimension[]) =>
    dimensions
      .map((dimension) => `${dimension.name}=${dimension.value}`)
      .sort()
      .join('|');
  return key(a) === key(b);
}
