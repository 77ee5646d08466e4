import { ALARM_PREFIX, DASHBOARD_NAME, TOPIC_NAME, type AlarmSpec, type MetricDimension } from './alarm-catalog.js';

/** An alarm's state, as CloudWatch's StateValue. */
export type AlarmStateValue = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

/** An alarm as CloudWatch describes it (the members awsarch manages, plus its state). */
export interface ExistingAlarm {
  name: string;
  description?: string;
  namespace?: string;
  metricName?: string;
  dimensions: MetricDimension[];
  statistic?: string;
  period?: number;
  evaluationPeriods?: number;
  datapointsToAlarm?: number;
  threshold?: number;
  comparisonOperator?: string;
  treatMissingData?: string;
  actionsEnabled?: boolean;
  alarmActions: string[];
  okActions: string[];
  state?: AlarmStateValue;
  stateReason?: string;
  stateUpdated?: string;
}

export interface Subscription {
  protocol: string;
  endpoint: string;
  /** "PendingConfirmation" until the recipient confirms an e-mail subscription. */
  arn: string;
}

/** What exists now in the account and Region. */
export interface AlarmsCurrent {
  topicArn?: string;
  subscriptions: Subscription[];
  /** Every alarm whose name starts with the awsarch prefix. */
  alarms: ExistingAlarm[];
  /** The dashboard's body, undefined when there is no dashboard. */
  dashboardBody?: string;
}

export type AlarmChange =
  | { action: 'create-topic'; name: string }
  | { action: 'subscribe'; protocol: 'email'; endpoint: string }
  | { action: 'create-alarm'; alarm: AlarmSpec }
  | { action: 'update-alarm'; alarm: AlarmSpec; differences: string[] }
  | { action: 'delete-alarms'; names: string[] }
  | { action: 'put-dashboard'; name: string; create: boolean; body: string };

export interface AlarmPlan {
  /** The topic every alarm notifies (its ARN is known before it exists: arn:aws:sns:REGION:ACCOUNT:NAME). */
  topicArn: string;
  changes: AlarmChange[];
  unchanged: string[];
}

export function topicArnFor(region: string, accountId: string): string {
  return `arn:aws:sns:${region}:${accountId}:${TOPIC_NAME}`;
}

const dimensionText = (dimensions: readonly MetricDimension[]) =>
  [...dimensions]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((dimension) => `${dimension.name}=${dimension.value}`)
    .join(',');

const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().every((value, index) => value === [...b].sort()[index]);

/** Pure: what differs between an alarm as wanted and as it is, one phrase each ("threshold 1 -> 2"). */
export function alarmDifferences(wanted: AlarmSpec, existing: ExistingAlarm, topicArn: string): string[] {
  const differences: string[] = [];
  const compare = (what: string, want: unknown, have: unknown) => {
    if (want !== have) differences.push(`${what} ${have === undefined ? '(none)' : String(have)} -> ${String(want)}`);
  };
  compare('namespace', wanted.namespace, existing.namespace);
  compare('metric', wanted.metricName, existing.metricName);
  compare('dimensions', dimensionText(wanted.dimensions), dimensionText(existing.dimensions));
  compare('statistic', wanted.statistic, existing.statistic);
  compare('period', wanted.period, existing.period);
  compare('evaluation periods', wanted.evaluationPeriods, existing.evaluationPeriods);
  compare('datapoints to alarm', wanted.datapointsToAlarm, existing.datapointsToAlarm ?? existing.evaluationPeriods);
  compare('threshold', wanted.threshold, existing.threshold);
  compare('comparison', wanted.comparisonOperator, existing.comparisonOperator);
  compare('missing data', wanted.treatMissingData, existing.treatMissingData ?? 'missing');
  compare('description', wanted.description, existing.description);
  if (existing.actionsEnabled === false) differences.push('actions disabled -> enabled');
  if (!sameList([topicArn], existing.alarmActions)) differences.push(`alarm actions -> ${topicArn}`);
  if (!sameList([topicArn], existing.okActions)) differences.push(`OK actions -> ${topicArn}`);
  return differences;
}

/** Two dashboard bodies are the same when their JSON is (CloudWatch may store it re-serialized). */
function sameBody(a: string, b: string | undefined): boolean {
  if (b === undefined) return false;
  try {
    return JSON.stringify(JSON.parse(a)) === JSON.stringify(JSON.parse(b));
  } catch {
    return a === b;
  }
}

/**
 * Pure: the writes that make the account match: the topic (once), an e-mail subscription per --notify
 * address not yet subscribed, every alarm missing or different, the removal of awsarch's alarms for
 * components that are gone, and the dashboard. A second run plans nothing.
 */
export function planAlarms(
  desired: readonly AlarmSpec[],
  current: AlarmsCurrent,
  options: { topicArn: string; notify: readonly string[]; dashboardBody: string },
): AlarmPlan {
  const topicArn = current.topicArn ?? options.topicArn;
  const changes: AlarmChange[] = [];
  const unchanged: string[] = [];
  if (!current.topicArn) changes.push({ action: 'create-topic', name: TOPIC_NAME });
  for (const endpoint of [...new Set(options.notify.map((address) => address.trim()))]) {
    const subscribed = current.subscriptions.some(
      (subscription) =>
        subscription.protocol === 'email' && subscription.endpoint.toLowerCase() === endpoint.toLowerCase(),
    );
    if (!subscribed) changes.push({ action: 'subscribe', protocol: 'email', endpoint });
  }
  const existing = new Map(current.alarms.map((alarm) => [alarm.name, alarm]));
  for (const alarm of desired) {
    const found = existing.get(alarm.name);
    if (!found) {
      changes.push({ action: 'create-alarm', alarm });
      continue;
    }
    const differences = alarmDifferences(alarm, found, topicArn);
    if (differences.length > 0) changes.push({ action: 'update-alarm', alarm, differences });
    else unchanged.push(alarm.name);
  }
  const wanted = new Set(desired.map((alarm) => alarm.name));
  const stale = current.alarms
    .filter((alarm) => alarm.name.startsWith(ALARM_PREFIX) && !wanted.has(alarm.name))
    .map((alarm) => alarm.name);
  if (stale.length > 0) changes.push({ action: 'delete-alarms', names: stale });
  if (!sameBody(options.dashboardBody, current.dashboardBody))
    changes.push({
      action: 'put-dashboard',
      name: DASHBOARD_NAME,
      create: current.dashboardBody === undefined,
      body: options.dashboardBody,
    });
  return { topicArn, changes, unchanged };
}

/** One line per change, for the confirmation and --dry-run. */
export function describeChange(change: AlarmChange): string {
  switch (change.action) {
    case 'create-topic':
      return `create SNS topic ${change.name}`;
    case 'subscribe':
      return `subscribe ${change.endpoint} (e-mail) to the topic; AWS sends a confirmation e-mail first`;
    case 'create-alarm':
      return `create alarm ${change.alarm.name} (${change.alarm.namespace} ${change.alarm.metricName} ${dimensionText(change.alarm.dimensions)})`;
    case 'update-alarm':
      return `update alarm ${change.alarm.name}: ${change.differences.join('; ')}`;
    case 'delete-alarms':
      return `delete ${change.names.length} alarm${change.names.length === 1 ? '' : 's'} of components that are gone: ${change.names.join(', ')}`;
    case 'put-dashboard':
      return `${change.create ? 'create' : 'update'} dashboard ${change.name}`;
  }
}
