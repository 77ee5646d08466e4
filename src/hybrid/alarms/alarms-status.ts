import type { CommandContext } from '../../core/context.js';
import type { Outcome } from '../../core/outcome.js';
import type { AlarmSpec } from './alarm-catalog.js';
import { describeChange, type AlarmStateValue } from './alarm-plan.js';
import { reviewHybridAlarms } from './alarms-apply.js';

export interface AlarmsStatusRequest {
  account?: string;
}

export interface AlarmStatusEntry {
  name: string;
  subject?: AlarmSpec['subject'];
  metric: string;
  /** OK | ALARM | INSUFFICIENT_DATA, or MISSING when awsarch would create it. */
  state: AlarmStateValue | 'MISSING';
  reason?: string;
  since?: string;
  /** Where the alarm differs from what `apply` would make it (empty when it matches). */
  drift: string[];
}

export interface AlarmsStatusData {
  accountId: string;
  region: string;
  topicArn?: string;
  subscriptions: Array<{ endpoint: string; protocol: string; status: 'confirmed' | 'pending confirmation' }>;
  dashboard: 'present' | 'missing' | 'different';
  alarms: AlarmStatusEntry[];
  /** awsarch alarms of components that are gone (apply deletes them). */
  stale: string[];
  /** Changes `hybrid alarms apply` would make. */
  pending: string[];
  counts: { ok: number; alarm: number; insufficientData: number; missing: number };
}

/** With --detailed-exitcode: degraded (4) with an alarm in ALARM, changes-pending (3) when apply has changes to make. */
export function alarmsStatusOutcome(data: AlarmsStatusData, detailedExitCode: boolean): Outcome {
  if (!detailedExitCode) return 'ok';
  return data.counts.alarm > 0 ? 'degraded' : data.pending.length > 0 ? 'changes-pending' : 'ok';
}

/**
 * `hybrid alarms status`: each hybrid alarm with its state (and since when and why), what `apply`
 * would change (missing or different alarms, alarms of components that are gone, the dashboard),
 * and whether anyone receives the notifications.
 */
export async function hybridAlarmsStatus(ctx: CommandContext, request: AlarmsStatusRequest): Promise<AlarmsStatusData> {
  const task = ctx.io.task(`Read the hybrid alarms (${ctx.options.region})`);
  let review;
  try {
    review = await reviewHybridAlarms(ctx, { account: request.account, notify: [] });
  } catch (error) {
    task.fail();
    throw error;
  }
  task.succeed();
  const { plan, current, desired } = review;
  const existing = new Map(current.alarms.map((alarm) => [alarm.name, alarm]));
  const alarms: AlarmStatusEntry[] = desired.map((alarm) => {
    const found = existing.get(alarm.name);
    const change = plan.changes.find(
      (candidate) => candidate.action === 'update-alarm' && candidate.alarm.name === alarm.name,
    );
    return {
      name: alarm.name,
      subject: alarm.subject,
      metric: `${alarm.namespace} ${alarm.metricName}`,
      state: found?.state ?? 'MISSING',
      reason: found?.stateReason,
      since: found?.stateUpdated,
      drift: change?.action === 'update-alarm' ? change.differences : found ? [] : ['missing'],
    };
  });
  const stale = plan.changes.flatMap((change) => (change.action === 'delete-alarms' ? change.names : []));
  for (const name of stale) {
    const found = existing.get(name);
    alarms.push({
      name,
      metric: `${found?.namespace ?? ''} ${found?.metricName ?? ''}`.trim(),
      state: found?.state ?? 'INSUFFICIENT_DATA',
      reason: found?.stateReason,
      since: found?.stateUpdated,
      drift: ['its component is gone'],
    });
  }
  const dashboardChange = plan.changes.find((change) => change.action === 'put-dashboard');
  const count = (state: string) => alarms.filter((alarm) => alarm.state === state).length;
  const counts = {
    ok: count('OK'),
    alarm: count('ALARM'),
    insufficientData: count('INSUFFICIENT_DATA'),
    missing: count('MISSING'),
  };
  return {
    accountId: review.accountId,
    region: review.region,
    topicArn: current.topicArn,
    subscriptions: current.subscriptions.map((subscription) => ({
      endpoint: subscription.endpoint,
      protocol: subscription.protocol,
      status: subscription.arn === 'PendingConfirmation' ? 'pending confirmation' : 'confirmed',
    })),
    dashboard:
      dashboardChange?.action === 'put-dashboard' ? (dashboardChange.create ? 'missing' : 'different') : 'present',
    alarms,
    stale,
    pending: plan.changes.map(describeChange),
    counts,
  };
}
