import type { OperationInput } from '../../types.js';
import { invalidValue, missingParameter, type Dimension, type MetricAlarm } from './model.js';

/** The comparisons of static-threshold alarms (anomaly-detection bands need metric math, which the sandbox lacks). */
export const COMPARISONS = [
  'GreaterThanOrEqualToThreshold',
  'GreaterThanThreshold',
  'LessThanThreshold',
  'LessThanOrEqualToThreshold',
] as const;
const STATISTICS = ['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum'];
const MISSING_DATA = ['breaching', 'notBreaching', 'ignore', 'missing'];
/** An alarm evaluates at most one day of data (AWS's quota). */
const MAX_EVALUATION_SECONDS = 86_400;
const MAX_ACTIONS = 5;
const MAX_DIMENSIONS = 30;
const MAX_TAGS = 50;
/** SNS topic actions: arn:aws:sns:REGION:ACCOUNT:NAME (the only action type the sandbox carries out). */
const SNS_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/;

/** What PutMetricAlarm defines; the rest of a MetricAlarm is its evaluation state. */
export type AlarmDefinition = Omit<
  MetricAlarm,
  | 'configurationUpdated'
  | 'state'
  | 'stateReason'
  | 'stateReasonData'
  | 'stateUpdated'
  | 'pending'
  | 'evaluated'
  | 'notifications'
>;

const text = (input: OperationInput, name: string): string | undefined =>
  input[name] === undefined || input[name] === null ? undefined : String(input[name]);

function required(input: OperationInput, name: string): string {
  const value = text(input, name);
  if (value === undefined || value === '') throw missingParameter(name);
  return value;
}

function length(name: string, value: string | undefined, min: number, max: number): void {
  if (value !== undefined && (value.length < min || value.length > max))
    throw invalidValue(`The parameter ${name} must be between ${min} and ${max} characters long.`);
}

function integer(input: OperationInput, name: string, min: number): number | undefined {
  if (input[name] === undefined) return undefined;
  const value = Number(input[name]);
  if (!Number.isInteger(value) || value < min)
    throw invalidValue(`The parameter ${name} must be an integer of at least ${min}.`);
  return value;
}

function actions(input: OperationInput, name: string): string[] {
  const value = input[name];
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw invalidValue(`The parameter ${name} must be a list.`);
  if (value.length > MAX_ACTIONS) throw invalidValue(`The parameter ${name} may hold at most ${MAX_ACTIONS} actions.`);
  return value.map((item) => {
    const arn = String(item);
    if (!SNS_ARN.test(arn))
      throw invalidValue(
        `Invalid arn syntax: ${arn} (the awsarch sandbox carries out Amazon SNS topic actions only: arn:aws:sns:REGION:ACCOUNT:TOPIC)`,
      );
    return arn;
  });
}

function dimensions(input: OperationInput): Dimension[] {
  const value = input.Dimensions;
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw invalidValue('The parameter Dimensions must be a list.');
  if (value.length > MAX_DIMENSIONS)
    throw invalidValue(`The collection Dimensions must not have a size greater than ${MAX_DIMENSIONS}.`);
  const seen = new Set<string>();
  return value.map((item) => {
    const entry = (item ?? {}) as { Name?: unknown; Value?: unknown };
    const name = entry.Name === undefined ? '' : String(entry.Name);
    const dimensionValue = entry.Value === undefined ? '' : String(entry.Value);
    if (name.length < 1 || name.length > 255) throw invalidValue('A dimension Name must be 1 to 255 characters long.');
    if (dimensionValue.length < 1 || dimensionValue.length > 1024)
      throw invalidValue(`The value of dimension ${name} must be 1 to 1024 characters long.`);
    if (seen.has(name)) throw invalidValue(`The dimension ${name} is given more than once.`);
    seen.add(name);
    return { name, value: dimensionValue };
  });
}

function tags(input: OperationInput): Array<{ key: string; value: string }> {
  const value = input.Tags;
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.length > MAX_TAGS)
    throw invalidValue(`The parameter Tags must be a list of at most ${MAX_TAGS} tags.`);
  return value.map((item) => {
    const tag = (item ?? {}) as { Key?: unknown; Value?: unknown };
    return { key: String(tag.Key ?? ''), value: String(tag.Value ?? '') };
  });
}

/** Checks a PutMetricAlarm input as CloudWatch does (for single-metric alarms) and returns the definition. */
export function alarmDefinition(input: OperationInput): AlarmDefinition {
  const name = required(input, 'AlarmName');
  length('AlarmName', name, 1, 255);
  const description = text(input, 'AlarmDescription');
  length('AlarmDescription', description, 0, 1024);
  if (input.Metrics !== undefined || input.ThresholdMetricId !== undefined)
    throw invalidValue('Metric math and anomaly detection alarms are not supported by the awsarch sandbox.');
  const metricName = required(input, 'MetricName');
  const namespace = required(input, 'Namespace');
  length('MetricName', metricName, 1, 255);
  length('Namespace', namespace, 1, 255);
  const statistic = text(input, 'Statistic');
  const extendedStatistic = text(input, 'ExtendedStatistic');
  if ((statistic === undefined) === (extendedStatistic === undefined))
    throw invalidValue('Exactly one of Statistic and ExtendedStatistic must be specified.');
  if (statistic !== undefined && !STATISTICS.includes(statistic))
    throw invalidValue(`Statistic must be one of ${STATISTICS.join(', ')}.`);
  if (extendedStatistic !== undefined && !/^p(\d{1,2}(\.\d{1,2})?|100)$/.test(extendedStatistic))
    throw invalidValue(`The value ${extendedStatistic} for parameter ExtendedStatistic is not supported.`);
  const period = integer(input, 'Period', 1);
  if (period === undefined) throw missingParameter('Period');
  if (![10, 20, 30].includes(period) && period % 60 !== 0)
    throw invalidValue('Period must be 10, 20, 30 or a multiple of 60 seconds.');
  const evaluationPeriods = integer(input, 'EvaluationPeriods', 1);
  if (evaluationPeriods === undefined) throw missingParameter('EvaluationPeriods');
  if (period * evaluationPeriods > MAX_EVALUATION_SECONDS)
    throw invalidValue('The evaluation period of an alarm (Period × EvaluationPeriods) cannot exceed one day.');
  const datapointsToAlarm = integer(input, 'DatapointsToAlarm', 1);
  if (datapointsToAlarm !== undefined && datapointsToAlarm > evaluationPeriods)
    throw invalidValue('DatapointsToAlarm must be less than or equal to EvaluationPeriods.');
  if (input.Threshold === undefined) throw missingParameter('Threshold');
  const threshold = Number(input.Threshold);
  if (!Number.isFinite(threshold)) throw invalidValue('Threshold must be a number.');
  const comparisonOperator = required(input, 'ComparisonOperator');
  if (!(COMPARISONS as readonly string[]).includes(comparisonOperator))
    throw invalidValue(`ComparisonOperator must be one of ${COMPARISONS.join(', ')}.`);
  const treatMissingData = text(input, 'TreatMissingData') ?? 'missing';
  if (!MISSING_DATA.includes(treatMissingData))
    throw invalidValue(`TreatMissingData must be one of ${MISSING_DATA.join(', ')}.`);
  return {
    name,
    description,
    actionsEnabled: input.ActionsEnabled === undefined ? true : input.ActionsEnabled === true,
    okActions: actions(input, 'OKActions'),
    alarmActions: actions(input, 'AlarmActions'),
    insufficientDataActions: actions(input, 'InsufficientDataActions'),
    namespace,
    metricName,
    dimensions: dimensions(input),
    statistic,
    extendedStatistic,
    period,
    unit: text(input, 'Unit'),
    evaluationPeriods,
    datapointsToAlarm,
    threshold,
    comparisonOperator,
    treatMissingData,
    tags: tags(input),
  };
}
