import {
  CloudWatchClient,
  GetDashboardCommand,
  paginateDescribeAlarms,
  paginateListMetrics,
  type MetricAlarm,
} from '@aws-sdk/client-cloudwatch';
import { paginateListSubscriptionsByTopic, paginateListTopics, SNSClient } from '@aws-sdk/client-sns';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { isAwsError, toAwsarchError } from '../../aws/aws-errors.js';
import type { AwsClients } from '../../aws/clients.js';
import { collectPages } from '../../aws/paginate.js';
import { ALARM_METRICS, ALARM_PREFIX, DASHBOARD_NAME, TOPIC_NAME, type PublishedMetric } from './alarm-catalog.js';
import type { AlarmsCurrent, ExistingAlarm, Subscription } from './alarm-plan.js';

export interface AlarmsRead extends AlarmsCurrent {
  /** The account the alarms live in (the network account). */
  accountId: string;
  /** Metric streams CloudWatch has for the alarms' metrics (active in the last 3 hours). */
  published: PublishedMetric[];
}

export function existingAlarm(alarm: MetricAlarm): ExistingAlarm {
  return {
    name: alarm.AlarmName ?? '',
    description: alarm.AlarmDescription,
    namespace: alarm.Namespace,
    metricName: alarm.MetricName,
    dimensions: (alarm.Dimensions ?? []).map((dimension) => ({
      name: dimension.Name ?? '',
      value: dimension.Value ?? '',
    })),
    statistic: alarm.Statistic,
    period: alarm.Period,
    evaluationPeriods: alarm.EvaluationPeriods,
    datapointsToAlarm: alarm.DatapointsToAlarm,
    threshold: alarm.Threshold,
    comparisonOperator: alarm.ComparisonOperator,
    treatMissingData: alarm.TreatMissingData,
    actionsEnabled: alarm.ActionsEnabled,
    alarmActions: alarm.AlarmActions ?? [],
    okActions: alarm.OKActions ?? [],
    state: alarm.StateValue,
    stateReason: alarm.StateReason,
    stateUpdated: alarm.StateUpdatedTimestamp?.toISOString(),
  };
}

/** awsarch's hybrid alarms in the account and Region (one DescribeAlarms per page). */
export async function readHybridAlarms(aws: AwsClients): Promise<ExistingAlarm[]> {
  const cloudwatch = aws.client(CloudWatchClient);
  try {
    const alarms = await collectPages(
      paginateDescribeAlarms({ client: cloudwatch }, { AlarmNamePrefix: ALARM_PREFIX, AlarmTypes: ['MetricAlarm'] }),
      (page) => page.MetricAlarms,
    );
    return alarms.map(existingAlarm);
  } catch (error) {
    throw toAwsarchError(error, 'Reading the hybrid alarms (CloudWatch DescribeAlarms)');
  }
}

async function readDashboard(cloudwatch: CloudWatchClient): Promise<string | undefined> {
  try {
    return (await cloudwatch.send(new GetDashboardCommand({ DashboardName: DASHBOARD_NAME }))).DashboardBody;
  } catch (error) {
    if (isAwsError(error, 'DashboardNotFoundError', 'ResourceNotFound')) return undefined;
    throw toAwsarchError(error, `Reading dashboard ${DASHBOARD_NAME}`);
  }
}

async function readPublished(cloudwatch: CloudWatchClient): Promise<PublishedMetric[]> {
  const perMetric = await Promise.all(
    ALARM_METRICS.map(async ({ namespace, metricName }) => {
      const metrics = await collectPages(
        paginateListMetrics(
          { client: cloudwatch },
          { Namespace: namespace, MetricName: metricName, RecentlyActive: 'PT3H' },
        ),
        (page) => page.Metrics,
      );
      return metrics.map((metric) => ({
        namespace: metric.Namespace ?? namespace,
        metricName: metric.MetricName ?? metricName,
        dimensions: (metric.Dimensions ?? []).map((dimension) => ({
          name: dimension.Name ?? '',
          value: dimension.Value ?? '',
        })),
      }));
    }),
  );
  return perMetric.flat();
}

async function readTopic(sns: SNSClient): Promise<{ arn?: string; subscriptions: Subscription[] }> {
  const topics = await collectPages(paginateListTopics({ client: sns }, {}), (page) => page.Topics);
  const arn = topics.map((topic) => topic.TopicArn ?? '').find((candidate) => candidate.endsWith(`:${TOPIC_NAME}`));
  if (!arn) return { subscriptions: [] };
  const subscriptions = await collectPages(
    paginateListSubscriptionsByTopic({ client: sns }, { TopicArn: arn }),
    (page) => page.Subscriptions,
  );
  return {
    arn,
    subscriptions: subscriptions.map((subscription) => ({
      protocol: subscription.Protocol ?? '',
      endpoint: subscription.Endpoint ?? '',
      arn: subscription.SubscriptionArn ?? '',
    })),
  };
}

/**
 * What exists of the hybrid alarms in the network account, in two rounds: the alarms, the topic
 * list, the dashboard, the metric streams and (without --account) the caller's account id at once;
 * then the topic's subscriptions.
 */
export async function readAlarmsCurrent(aws: AwsClients, accountId: string | undefined): Promise<AlarmsRead> {
  const cloudwatch = aws.client(CloudWatchClient);
  const sns = aws.client(SNSClient);
  const [alarms, dashboardBody, published, topic, account] = await Promise.all([
    readHybridAlarms(aws),
    readDashboard(cloudwatch),
    readPublished(cloudwatch).catch((error: unknown) => {
      throw toAwsarchError(error, 'Listing the CloudWatch metrics of the hybrid estate');
    }),
    readTopic(sns).catch((error: unknown) => {
      throw toAwsarchError(error, `Finding the SNS topic ${TOPIC_NAME}`);
    }),
    accountId ??
      aws
        .client(STSClient)
        .send(new GetCallerIdentityCommand({}))
        .then((identity) => identity.Account ?? '')
        .catch((error: unknown) => {
          throw toAwsarchError(error, 'Reading the caller identity');
        }),
  ]);
  return {
    accountId: account,
    alarms,
    dashboardBody,
    published,
    topicArn: topic.arn,
    subscriptions: topic.subscriptions,
  };
}
