import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface WorkloadMonitoringProps {
  /** Dashboard name. */
  readonly dashboardName: string;
  /** Alarm notifications go to this address when given (context alarmEmail). */
  readonly alarmEmail?: string;
}

/** The alarms of a workload, sent to one SNS topic, and its dashboard with a row per concern. */
export class WorkloadMonitoring extends Construct {
  readonly topic: sns.Topic;
  readonly dashboard: cloudwatch.Dashboard;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: WorkloadMonitoringProps) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'AlarmTopic', { displayName: `${props.dashboardName} alarms` });
    if (props.alarmEmail) this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: props.dashboardName,
      defaultInterval: Duration.hours(3),
    });
  }

  /** An alarm that notifies the topic; missing data is not breaching (no traffic is not a failure). */
  alarm(id: string, props: cloudwatch.AlarmProps): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, id, {
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      ...props,
    });
    alarm.addAlarmAction(new actions.SnsAction(this.topic));
    this.alarms.push(alarm);
    return alarm;
  }

  /** Any message in a dead-letter queue is worth a look. */
  dlqDepthAlarm(name: string, queue: sqs.IQueue): cloudwatch.Alarm {
    return this.alarm(`${name}DlqDepth`, {
      alarmDescription: `Messages are waiting in the dead-letter queue of ${name}: events that could not be delivered or processed.`,
      metric: queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
    });
  }

  /** Errors and throttles of one function. */
  functionAlarms(name: string, fn: lambda.IFunction): cloudwatch.Alarm[] {
    return [
      this.alarm(`${name}Errors`, {
        alarmDescription: `${name} invocations are failing.`,
        metric: fn.metricErrors({ period: Duration.minutes(1), statistic: 'Sum' }),
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
      }),
      this.alarm(`${name}Throttles`, {
        alarmDescription: `${name} is being throttled (concurrency limit reached).`,
        metric: fn.metricThrottles({ period: Duration.minutes(1), statistic: 'Sum' }),
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
      }),
    ];
  }

  /** Adds a row of graphs to the dashboard. */
  row(...widgets: cloudwatch.IWidget[]): void {
    this.dashboard.addWidgets(...widgets);
  }

  /** A row with the invocations, errors and throttles of some functions. */
  functionsRow(functions: Record<string, lambda.IFunction>): void {
    const per = (metric: (fn: lambda.IFunction) => cloudwatch.IMetric) => Object.values(functions).map(metric);
    this.row(
      new cloudwatch.GraphWidget({
        title: 'Invocations',
        left: per((fn) => fn.metricInvocations({ period: Duration.minutes(1) })),
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: 'Errors',
        left: per((fn) => fn.metricErrors({ period: Duration.minutes(1) })),
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: 'Throttles',
        left: per((fn) => fn.metricThrottles({ period: Duration.minutes(1) })),
        width: 8,
      }),
    );
  }

  /** The alarms at a glance. */
  alarmsRow(): void {
    this.row(new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24 }));
  }
}
