import type { SandboxState } from '../../state.js';
import type { SettleContext } from '../../types.js';
import { publishToTopic } from '../sns/model.js';
import { publishedMetrics, type MetricStream } from './metrics.js';
import { alarmArn, cloudWatchAccount, sameDimensions, type AlarmState, type MetricAlarm } from './model.js';

const COMPARE: Record<string, { test: (value: number, threshold: number) => boolean; words: string }> = {
  GreaterThanOrEqualToThreshold: { test: (v, t) => v >= t, words: 'greater than or equal to' },
  GreaterThanThreshold: { test: (v, t) => v > t, words: 'greater than' },
  LessThanThreshold: { test: (v, t) => v < t, words: 'less than' },
  LessThanOrEqualToThreshold: { test: (v, t) => v <= t, words: 'less than or equal to' },
};

/** "04/12/26 19:42:00", the way CloudWatch dates datapoints in state reasons (dd/MM/yy HH:mm:ss, UTC). */
function reasonDate(at: number): string {
  const date = new Date(at);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(date.getUTCDate())}/${two(date.getUTCMonth() + 1)}/${two(date.getUTCFullYear() % 100)} ${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())}`;
}

interface Verdict {
  /** undefined: leave the state as it is (treatMissingData ignore). */
  state: AlarmState | undefined;
  reason: string;
  reasonData?: string;
}

/** What one evaluation says, from the metric's latest value (or its absence, by treatMissingData). */
function judge(alarm: MetricAlarm, stream: MetricStream | undefined, now: number): Verdict {
  const comparison = COMPARE[alarm.comparisonOperator];
  if (!stream || !comparison) {
    switch (alarm.treatMissingData) {
      case 'breaching':
      case 'notBreaching': {
        const breaching = alarm.treatMissingData === 'breaching';
        return {
          state: breaching ? 'ALARM' : 'OK',
          reason: `Threshold Crossed: no datapoints were received for 1 period and 1 missing datapoint was treated as [${breaching ? 'Breaching' : 'NonBreaching'}].`,
        };
      }
      case 'ignore':
        return { state: undefined, reason: '' };
      default:
        return { state: 'INSUFFICIENT_DATA', reason: 'Insufficient Data: 1 datapoint was unknown.' };
    }
  }
  const breaching = comparison.test(stream.value, alarm.threshold);
  return {
    state: breaching ? 'ALARM' : 'OK',
    reason: `Threshold Crossed: 1 datapoint [${stream.value.toFixed(1)} (${reasonDate(now)})] was ${breaching ? '' : 'not '}${comparison.words} the threshold (${alarm.threshold.toFixed(1)}).`,
    reasonData: JSON.stringify({
      version: '1.0',
      queryDate: new Date(now).toISOString(),
      statistic: alarm.statistic,
      period: alarm.period,
      recentDatapoints: [stream.value],
      threshold: alarm.threshold,
    }),
  };
}

/** How long a new state must hold before the alarm takes it: the datapoints it needs, of `period` seconds each. */
function windowMs(alarm: MetricAlarm, state: AlarmState, metricMinuteMs: number): number {
  const datapoints = state === 'ALARM' ? (alarm.datapointsToAlarm ?? alarm.evaluationPeriods) : 1;
  return ((alarm.period * datapoints) / 60) * metricMinuteMs;
}

function notify(state: SandboxState, alarm: MetricAlarm, region: string, accountId: string, now: number): void {
  if (!alarm.actionsEnabled) return;
  const actions =
    alarm.state === 'ALARM'
      ? alarm.alarmActions
      : alarm.state === 'OK'
        ? alarm.okActions
        : alarm.insufficientDataActions;
  const subject = `${alarm.state}: "${alarm.name}" in ${region}`;
  const message = JSON.stringify({
    AlarmName: alarm.name,
    AlarmArn: alarmArn(region, accountId, alarm.name),
    NewStateValue: alarm.state,
    NewStateReason: alarm.stateReason,
    StateChangeTime: new Date(now).toISOString(),
    Region: region,
  });
  for (const arn of actions) if (publishToTopic(state, arn, subject, message, now)) alarm.notifications += 1;
}

/** Evaluates one alarm; true when it changed (state or pending state). */
function evaluate(
  state: SandboxState,
  alarm: MetricAlarm,
  metrics: readonly MetricStream[],
  where: { region: string; accountId: string },
  now: number,
  metricMinuteMs: number,
): boolean {
  const stream = metrics.find(
    (candidate) =>
      candidate.namespace === alarm.namespace &&
      candidate.metricName === alarm.metricName &&
      sameDimensions(candidate.dimensions, alarm.dimensions),
  );
  const verdict = judge(alarm, stream, now);
  const firstEvaluation = !alarm.evaluated;
  // A change is dated from the physical event when the state records it, else from when it is first seen.
  const changedSince = Math.min(now, stream?.changedAt ?? now);
  alarm.evaluated = true;
  if (verdict.state === undefined || verdict.state === alarm.state) {
    const hadPending = alarm.pending !== undefined;
    alarm.pending = undefined;
    return firstEvaluation || hadPending;
  }
  const newlyPending = alarm.pending?.state !== verdict.state;
  if (newlyPending) alarm.pending = { state: verdict.state, since: changedSince };
  const since = alarm.pending?.since ?? now;
  const window = windowMs(alarm, verdict.state, metricMinuteMs);
  const due = firstEvaluation || now - since >= window;
  if (!due) return newlyPending || firstEvaluation;
  // CloudWatch decides when the window closes, whenever the next request comes.
  const decidedAt = firstEvaluation ? now : Math.max(since + window, alarm.stateUpdated);
  const decided = judge(alarm, stream, decidedAt);
  alarm.state = verdict.state;
  alarm.stateReason = decided.reason;
  alarm.stateReasonData = decided.reasonData;
  alarm.stateUpdated = decidedAt;
  alarm.pending = undefined;
  notify(state, alarm, where.region, where.accountId, decidedAt);
  return true;
}

/**
 * Runs at the start of every request: evaluates every alarm against the metrics the sandbox's
 * physical state publishes now. A new alarm takes its first state at once (AWS evaluates it right
 * away); later changes need the new state to hold for the alarm's window (DatapointsToAlarm periods
 * for ALARM, one period otherwise; one metric minute lasts options.metricMinuteMs), counted from the
 * physical event when the state records it (a fault, a failover test starting or ending, a tunnel
 * change), else from the first request that sees it; the change is dated when its window closed,
 * whenever the request that notices it comes. Transitions carry out the SNS actions.
 */
export function settleAlarms(ctx: SettleContext): boolean {
  const accounts = (ctx.state.services.cloudwatch as { accounts?: Record<string, unknown> } | undefined)?.accounts;
  if (!accounts) return false;
  const now = ctx.now();
  let changed = false;
  for (const accountId of Object.keys(accounts)) {
    for (const [region, { alarms }] of Object.entries(cloudWatchAccount(ctx.state, accountId).regions)) {
      const list = Object.values(alarms);
      if (list.length === 0) continue;
      const metrics = publishedMetrics(ctx.state, accountId, region, now);
      for (const alarm of list)
        if (evaluate(ctx.state, alarm, metrics, { region, accountId }, now, ctx.options.metricMinuteMs)) changed = true;
    }
  }
  return changed;
}
