import {
  CloudWatchClient,
  DeleteAlarmsCommand,
  PutDashboardCommand,
  PutMetricAlarmCommand,
} from '@aws-sdk/client-cloudwatch';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { toAwsarchError } from '../../aws/aws-errors.js';
import type { AwsClients } from '../../aws/clients.js';
import { mapWithConcurrency } from '../../core/concurrency.js';
import type { AlarmSpec } from './alarm-catalog.js';
import type { AlarmChange, AlarmPlan } from './alarm-plan.js';

/** PutMetricAlarm calls at once (CloudWatch's control plane throttles bursts). */
const PUT_CONCURRENCY = 5;
/** DeleteAlarms takes at most 100 names. */
const DELETE_BATCH = 100;

/** What the writes did so far (kept up to date, so a failure can say how far they got). */
export interface WriteOutcome {
  writes: number;
  topicArn: string;
  /** Messages CloudWatch returned about the dashboard body. */
  dashboardMessages: string[];
}

export /** The PutMetricAlarm input of an alarm; tags go only with its creation (CloudWatch ignores them on updates). */
function putAlarmInput(alarm: AlarmSpec, topicArn: string, create: boolean) {
  return {
    AlarmName: alarm.name,
    AlarmDescription: alarm.description,
    ActionsEnabled: true,
    AlarmActions: [topicArn],
    OKActions: [topicArn],
    Namespace: alarm.namespace,
    MetricName: alarm.metricName,
    Dimensions: alarm.dimensions.map((dimension) => ({ Name: dimension.name, Value: dimension.value })),
    Statistic: alarm.statistic,
    Period: alarm.period,
    EvaluationPeriods: alarm.evaluationPeriods,
    DatapointsToAlarm: alarm.datapointsToAlarm,
    Threshold: alarm.threshold,
    ComparisonOperator: alarm.comparisonOperator,
    TreatMissingData: alarm.treatMissingData,
    // CloudWatch applies tags only when it creates the alarm.
    Tags: create ? [{ Key: 'managed-by', Value: 'awsarch' }] : undefined,
  };
}

/** One write call, counted when it succeeds; a failure names what was being done. */
async function write<T>(outcome: WriteOutcome, doing: string, call: () => Promise<T>): Promise<T> {
  try {
    const answer = await call();
    outcome.writes += 1;
    return answer;
  } catch (error) {
    throw toAwsarchError(error, doing);
  }
}

/** Makes the writes of a plan in order: topic, subscriptions, alarms (5 at a time), stale alarms, dashboard. */
export async function writeAlarmPlan(
  aws: AwsClients,
  plan: AlarmPlan,
  outcome: WriteOutcome,
  progress: (done: number, total: number) => void,
): Promise<void> {
  const sns = aws.client(SNSClient);
  const cloudwatch = aws.client(CloudWatchClient);
  const changes = plan.changes;
  let done = 0;
  const tick = () => progress(++done, changes.length);
  for (const change of changes) {
    if (change.action !== 'create-topic') continue;
    const created = await write(outcome, `Creating SNS topic ${change.name}`, () =>
      sns.send(new CreateTopicCommand({ Name: change.name, Tags: [{ Key: 'managed-by', Value: 'awsarch' }] })),
    );
    outcome.topicArn = created.TopicArn ?? outcome.topicArn;
    tick();
  }
  for (const change of changes) {
    if (change.action !== 'subscribe') continue;
    await write(outcome, `Subscribing ${change.endpoint} to the alarm topic`, () =>
      sns.send(
        new SubscribeCommand({ TopicArn: outcome.topicArn, Protocol: change.protocol, Endpoint: change.endpoint }),
      ),
    );
    tick();
  }
  const puts = changes.filter(
    (change): change is Extract<AlarmChange, { action: 'create-alarm' | 'update-alarm' }> =>
      change.action === 'create-alarm' || change.action === 'update-alarm',
  );
  await mapWithConcurrency(puts, PUT_CONCURRENCY, async (change) => {
    await write(outcome, `Putting alarm ${change.alarm.name}`, () =>
      cloudwatch.send(
        new PutMetricAlarmCommand(putAlarmInput(change.alarm, outcome.topicArn, change.action === 'create-alarm')),
      ),
    );
    tick();
  });
  for (const change of changes) {
    if (change.action === 'delete-alarms') {
      for (let index = 0; index < change.names.length; index += DELETE_BATCH) {
        const names = change.names.slice(index, index + DELETE_BATCH);
        await write(outcome, `Deleting alarms ${names.join(', ')}`, () =>
          cloudwatch.send(new DeleteAlarmsCommand({ AlarmNames: names })),
        );
      }
      tick();
    }
    if (change.action === 'put-dashboard') {
      const answer = await write(outcome, `Putting dashboard ${change.name}`, () =>
        cloudwatch.send(new PutDashboardCommand({ DashboardName: change.name, DashboardBody: change.body })),
      );
      for (const message of answer.DashboardValidationMessages ?? [])
        outcome.dashboardMessages.push(`${message.DataPath ?? ''}: ${message.Message ?? ''}`);
      tick();
    }
  }
}
