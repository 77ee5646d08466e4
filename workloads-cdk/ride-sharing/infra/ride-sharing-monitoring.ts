import { Duration, type CfnCondition } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as events from 'aws-cdk-lib/aws-events';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { WorkloadMonitoring } from '../../shared/infra/monitoring.js';
import type { ServiceFunction } from './service-functions.js';

const PERIOD = Duration.minutes(1);

function ruleMetric(bus: events.IEventBus, rule: events.IRule, metricName: string, period = PERIOD): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: 'AWS/Events',
    metricName,
    dimensionsMap: { EventBusName: bus.eventBusName, RuleName: rule.ruleName },
    statistic: 'Sum',
    period,
  });
}

/**
 * The ride-sharing alarms and dashboard: per service, DLQ depth (delivery and processing), failed
 * invocations, throttles (function and rule), and "matched but not invoked" (events a rule matched that
 * never reached its target); plus the cross-account forwarding when there is a partner.
 */
export function monitorRideSharing(
  monitoring: WorkloadMonitoring,
  bus: events.IEventBus,
  services: readonly ServiceFunction[],
  partner?: { rule: events.IRule; dlq: sqs.IQueue; condition: CfnCondition },
): void {
  for (const service of services) {
    const name = service.node.id;
    monitoring.dlqDepthAlarm(`${name}Delivery`, service.deliveryDlq);
    monitoring.dlqDepthAlarm(`${name}Processing`, service.failureQueue);
    monitoring.functionAlarms(name, service.function);
    monitoring.alarm(`${name}FailedInvocations`, {
      alarmDescription: `EventBridge failed to invoke the ${name} service (after retries the events go to its delivery DLQ).`,
      metric: ruleMetric(bus, service.rule, 'FailedInvocations'),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
    });
    monitoring.alarm(`${name}ThrottledRule`, {
      alarmDescription: `Invocations of the ${name} service's rule are throttled by EventBridge.`,
      metric: ruleMetric(bus, service.rule, 'ThrottledRules'),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
    });
    monitoring.alarm(`${name}MatchedNotInvoked`, {
      alarmDescription: `The ${name} rule matched events that did not become invocations of its target.`,
      metric: new cloudwatch.MathExpression({
        expression: 'IF(matched > invoked, matched - invoked, 0)',
        usingMetrics: {
          matched: ruleMetric(bus, service.rule, 'MatchedEvents', Duration.minutes(5)),
          invoked: ruleMetric(bus, service.rule, 'Invocations', Duration.minutes(5)),
        },
        period: Duration.minutes(5),
        label: `${name} matched but not invoked`,
      }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
    });
  }
  if (partner) {
    // Conditional like the forwarding itself: these resources exist only with a partner account.
    for (const alarm of [
      monitoring.dlqDepthAlarm('PartnerForwarding', partner.dlq),
      monitoring.alarm('PartnerForwardingFailedInvocations', {
        alarmDescription: "Forwarding events to the partner account's bus fails.",
        metric: ruleMetric(bus, partner.rule, 'FailedInvocations'),
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
      }),
    ]) {
      (alarm.node.defaultChild as cloudwatch.CfnAlarm).cfnOptions.condition = partner.condition;
      monitoring.alarms.splice(monitoring.alarms.indexOf(alarm), 1);
    }
  }

  monitoring.alarmsRow();
  const byService = (metric: (service: ServiceFunction) => cloudwatch.IMetric) => services.map(metric);
  monitoring.row(
    new cloudwatch.GraphWidget({
      title: 'Matched events per rule',
      left: byService((service) => ruleMetric(bus, service.rule, 'MatchedEvents').with({ label: service.node.id })),
      width: 8,
    }),
    new cloudwatch.GraphWidget({
      title: 'Failed invocations per rule',
      left: byService((service) => ruleMetric(bus, service.rule, 'FailedInvocations').with({ label: service.node.id })),
      width: 8,
    }),
    new cloudwatch.GraphWidget({
      title: 'Dead-letter queues',
      left: byService((service) =>
        service.deliveryDlq.metricApproximateNumberOfMessagesVisible({
          period: PERIOD,
          label: `${service.node.id} delivery`,
        }),
      ),
      right: byService((service) =>
        service.failureQueue.metricApproximateNumberOfMessagesVisible({
          period: PERIOD,
          label: `${service.node.id} processing`,
        }),
      ),
      width: 8,
    }),
  );
  monitoring.functionsRow(Object.fromEntries(services.map((service) => [service.node.id, service.function])));
}
