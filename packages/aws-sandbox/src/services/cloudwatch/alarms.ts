import { SandboxServiceError } from '../../errors.js';
import { paginate } from '../../pagination.js';
import type { HandlerContext, OperationHandler } from '../../types.js';
import { alarmDefinition } from './alarm-input.js';
import { alarmArn, callerAlarms, invalidCombination, invalidValue, type MetricAlarm } from './model.js';

/** AWS's quota of metric alarms per account and Region. */
const ALARM_QUOTA = 10_000;
const MAX_NAMES = 100;

function alarmWire(alarm: MetricAlarm, ctx: HandlerContext) {
  return {
    AlarmName: alarm.name,
    AlarmArn: alarmArn(ctx.region, ctx.caller.accountId, alarm.name),
    AlarmDescription: alarm.description,
    AlarmConfigurationUpdatedTimestamp: new Date(alarm.configurationUpdated),
    ActionsEnabled: alarm.actionsEnabled,
    OKActions: alarm.okActions,
    AlarmActions: alarm.alarmActions,
    InsufficientDataActions: alarm.insufficientDataActions,
    StateValue: alarm.state,
    StateReason: alarm.stateReason,
    StateReasonData: alarm.stateReasonData,
    StateUpdatedTimestamp: new Date(alarm.stateUpdated),
    StateTransitionedTimestamp: new Date(alarm.stateUpdated),
    MetricName: alarm.metricName,
    Namespace: alarm.namespace,
    Statistic: alarm.statistic,
    ExtendedStatistic: alarm.extendedStatistic,
    Dimensions: alarm.dimensions.map((dimension) => ({ Name: dimension.name, Value: dimension.value })),
    Period: alarm.period,
    Unit: alarm.unit,
    EvaluationPeriods: alarm.evaluationPeriods,
    DatapointsToAlarm: alarm.datapointsToAlarm,
    Threshold: alarm.threshold,
    ComparisonOperator: alarm.comparisonOperator,
    TreatMissingData: alarm.treatMissingData,
  };
}

/**
 * PutMetricAlarm: creates the alarm in INSUFFICIENT_DATA (evaluated from the next request on), or
 * overwrites an existing alarm's whole configuration, keeping its state and ignoring Tags.
 */
const putMetricAlarm: OperationHandler = (input, ctx) => {
  const definition = alarmDefinition(input);
  const alarms = callerAlarms(ctx);
  const existing = alarms[definition.name];
  if (!existing && Object.keys(alarms).length >= ALARM_QUOTA)
    throw new SandboxServiceError(
      'LimitExceededFault',
      'The maximum number of alarms for this account has been reached.',
    );
  const now = ctx.now();
  alarms[definition.name] = {
    ...definition,
    tags: existing ? existing.tags : definition.tags,
    configurationUpdated: now,
    state: existing?.state ?? 'INSUFFICIENT_DATA',
    stateReason: existing?.stateReason ?? 'Unchecked: Initial alarm creation',
    stateReasonData: existing?.stateReasonData,
    stateUpdated: existing?.stateUpdated ?? now,
    pending: undefined,
    evaluated: existing?.evaluated ?? false,
    notifications: existing?.notifications ?? 0,
  };
  return {};
};

const names = (value: unknown, name: string): string[] | undefined => {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw invalidValue(`The parameter ${name} must be a list.`);
  if (value.length > MAX_NAMES)
    throw invalidValue(`The collection ${name} must not have a size greater than ${MAX_NAMES}.`);
  return value.map(String);
};

/** DescribeAlarms: metric alarms by names or name prefix, state and action prefix, by name, MaxRecords (1-100, 50) a page. */
const describeAlarms: OperationHandler = (input, ctx) => {
  const alarmNames = names(input.AlarmNames, 'AlarmNames');
  const prefix = input.AlarmNamePrefix === undefined ? undefined : String(input.AlarmNamePrefix);
  if (alarmNames && prefix !== undefined)
    throw invalidCombination('AlarmNames and AlarmNamePrefix cannot be specified together.');
  if (input.ChildrenOfAlarmName !== undefined || input.ParentsOfAlarmName !== undefined)
    throw invalidValue('Composite alarms are not supported by the awsarch sandbox.');
  const types = names(input.AlarmTypes, 'AlarmTypes') ?? ['MetricAlarm'];
  for (const type of types)
    if (type !== 'MetricAlarm' && type !== 'CompositeAlarm')
      throw invalidValue(`AlarmTypes must be MetricAlarm or CompositeAlarm, not ${type}.`);
  const stateValue = input.StateValue === undefined ? undefined : String(input.StateValue);
  if (stateValue !== undefined && !['OK', 'ALARM', 'INSUFFICIENT_DATA'].includes(stateValue))
    throw invalidValue('StateValue must be OK, ALARM or INSUFFICIENT_DATA.');
  const actionPrefix = input.ActionPrefix === undefined ? undefined : String(input.ActionPrefix);
  const maxRecords = input.MaxRecords === undefined ? 50 : Number(input.MaxRecords);
  if (!Number.isInteger(maxRecords) || maxRecords < 1 || maxRecords > 100)
    throw invalidValue('MaxRecords must be between 1 and 100.');
  const matching = types.includes('MetricAlarm')
    ? Object.values(callerAlarms(ctx)).filter(
        (alarm) =>
          (alarmNames === undefined || alarmNames.includes(alarm.name)) &&
          (prefix === undefined || alarm.name.startsWith(prefix)) &&
          (stateValue === undefined || alarm.state === stateValue) &&
          (actionPrefix === undefined ||
            [...alarm.alarmActions, ...alarm.okActions, ...alarm.insufficientDataActions].some((action) =>
              action.startsWith(actionPrefix),
            )),
      )
    : [];
  const page = paginate(
    matching,
    (alarm) => alarm.name,
    'DescribeAlarms',
    { maxResults: maxRecords, nextToken: input.NextToken === undefined ? undefined : String(input.NextToken) },
    () =>
      new SandboxServiceError('InvalidNextToken', 'The service returned an error with Error Code InvalidNextToken.'),
  );
  return {
    MetricAlarms: page.items.map((alarm) => alarmWire(alarm, ctx)),
    CompositeAlarms: [],
    NextToken: page.nextToken,
  };
};

/** DeleteAlarms: all or nothing; a name that does not exist fails the call (ResourceNotFound). */
const deleteAlarms: OperationHandler = (input, ctx) => {
  const alarmNames = names(input.AlarmNames, 'AlarmNames') ?? [];
  if (alarmNames.length === 0) throw invalidValue('The parameter AlarmNames must hold at least one name.');
  const alarms = callerAlarms(ctx);
  const missing = alarmNames.filter((name) => !alarms[name]);
  if (missing.length > 0)
    throw new SandboxServiceError('ResourceNotFound', `${missing.join(', ')} not found`, { status: 400 });
  for (const name of alarmNames) delete alarms[name];
  return {};
};

export const alarmOperations: Record<string, OperationHandler> = {
  PutMetricAlarm: putMetricAlarm,
  DescribeAlarms: describeAlarms,
  DeleteAlarms: deleteAlarms,
};
