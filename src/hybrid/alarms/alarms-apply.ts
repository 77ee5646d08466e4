import type { AwsClients } from '../../aws/clients.js';
import { confirmDestructive, type CommandContext } from '../../core/context.js';
import { AwsarchError, usageError } from '../../core/errors.js';
import { ERR } from '../../core/error-codes.js';
import { MSG } from '../../core/message-codes.js';
import { collectHybridSnapshot } from '../collect.js';
import { resolveNetworkAccount } from '../network-account.js';
import { desiredAlarms, type AlarmSpec } from './alarm-catalog.js';
import {
  describeChange,
  planAlarms,
  topicArnFor,
  type AlarmChange,
  type AlarmPlan,
  type AlarmStateValue,
} from './alarm-plan.js';
import { readAlarmsCurrent, type AlarmsRead } from './alarms-read.js';
import { writeAlarmPlan, type WriteOutcome } from './alarms-write.js';
import { dashboardBody } from './dashboard.js';

/** A pragmatic e-mail check: one @, a dot in the domain, no spaces (SNS checks the rest). */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface AlarmsApplyRequest {
  /** --account: the network account (id, e-mail or name). */
  account?: string;
  /** --notify: e-mail addresses to subscribe to the alarm topic. */
  notify: readonly string[];
  dryRun: boolean;
}

/** Everything planned and read for the hybrid alarms (shared by apply and status). */
export interface AlarmsReview {
  accountId: string;
  region: string;
  desired: AlarmSpec[];
  plan: AlarmPlan;
  current: AlarmsRead;
}

export interface AlarmsApplyData {
  accountId: string;
  region: string;
  topicArn: string;
  dryRun: boolean;
  /** False when nothing was written (nothing to change, or --dry-run). */
  applied: boolean;
  /** Write calls made (0 on a second run). */
  writes: number;
  changes: Array<{ action: AlarmChange['action']; target: string; description: string }>;
  alarms: Array<
    Pick<AlarmSpec, 'name' | 'namespace' | 'metricName' | 'dimensions' | 'dimensionsFrom' | 'threshold' | 'subject'> & {
      action: 'created' | 'updated' | 'unchanged';
      /** What an update changes ("threshold 1 -> 2"). */
      differences: string[];
      state?: AlarmStateValue;
    }
  >;
  deleted: string[];
  subscriptions: Array<{ endpoint: string; protocol: string; status: 'confirmed' | 'pending confirmation' }>;
  dashboard: { name: string; action: 'created' | 'updated' | 'unchanged' };
  /** Messages CloudWatch returned about the dashboard body. */
  dashboardMessages: string[];
}

export function validateNotify(addresses: readonly string[]): string[] {
  return addresses.map((address) => {
    const trimmed = address.trim();
    if (!EMAIL.test(trimmed))
      throw usageError(
        ERR.BAD_NOTIFY,
        `--notify ${address} is not an e-mail address`,
        'give the address that should receive the alarms, e.g. --notify network-oncall@example.com',
      );
    return trimmed;
  });
}

/** Reads the estate and what exists of its alarms, and plans the writes (read only). */
export async function reviewHybridAlarms(
  ctx: CommandContext,
  request: { account?: string; notify: readonly string[] },
): Promise<AlarmsReview & { aws: AwsClients }> {
  const accountId = await resolveNetworkAccount(ctx, request.account);
  const aws = accountId ? ctx.aws.forAccount(accountId) : ctx.aws;
  const [snapshot, current] = await Promise.all([
    collectHybridSnapshot(ctx.aws, ctx.clock, { accountId, accountDns: 'skip' }),
    readAlarmsCurrent(aws, accountId),
  ]);
  const region = ctx.options.region;
  const desired = desiredAlarms(snapshot, current.published);
  const plan = planAlarms(desired, current, {
    topicArn: topicArnFor(region, current.accountId),
    notify: request.notify,
    dashboardBody: dashboardBody(desired, region, current.accountId),
  });
  return { accountId: current.accountId, region, desired, plan, current, aws };
}

const targetOf = (change: AlarmChange): string => {
  switch (change.action) {
    case 'create-topic':
      return change.name;
    case 'subscribe':
      return change.endpoint;
    case 'create-alarm':
    case 'update-alarm':
      return change.alarm.name;
    case 'delete-alarms':
      return change.names.join(',');
    case 'put-dashboard':
      return change.name;
  }
};

/** Makes the writes of the plan under one task; a failure says how far it got. */
async function applyPlan(ctx: CommandContext, aws: AwsClients, plan: AlarmPlan): Promise<WriteOutcome> {
  const task = ctx.io.task(
    `Apply ${plan.changes.length} change${plan.changes.length === 1 ? '' : 's'} to the hybrid alarms`,
  );
  const outcome: WriteOutcome = { writes: 0, topicArn: plan.topicArn, dashboardMessages: [] };
  try {
    await writeAlarmPlan(aws, plan, outcome, (done, total) => task.progress(done, total));
  } catch (error) {
    task.fail(`after ${outcome.writes} write${outcome.writes === 1 ? '' : 's'}; run the command again to finish`);
    throw error;
  }
  task.succeed(`${outcome.writes} write${outcome.writes === 1 ? '' : 's'}`);
  return outcome;
}

/**
 * `hybrid alarms apply`: CloudWatch alarms on every Direct Connect connection and interface, VPN
 * tunnel, Resolver endpoint and Storage Gateway of the network account, all notifying one SNS topic
 * (--notify subscribes e-mail addresses), and a dashboard. Plans from what exists, shows the plan and
 * asks (--yes without a terminal); a second run writes nothing. A failure halfway is completed by a re-run.
 */
export async function applyHybridAlarms(ctx: CommandContext, request: AlarmsApplyRequest): Promise<AlarmsApplyData> {
  const notify = validateNotify(request.notify);
  const review = await reviewHybridAlarms(ctx, { account: request.account, notify });
  const { plan } = review;
  let outcome: WriteOutcome = { writes: 0, topicArn: plan.topicArn, dashboardMessages: [] };
  const willApply = plan.changes.length > 0 && !request.dryRun;
  if (willApply) {
    for (const change of plan.changes) ctx.io.info(MSG.HYBRID_ALARMS_CHANGE, describeChange(change), change);
    const question = `Apply ${plan.changes.length} change${plan.changes.length === 1 ? '' : 's'} to the hybrid alarms of account ${review.accountId} (${review.region})`;
    if (!(await confirmDestructive(ctx, question)))
      throw new AwsarchError(ERR.CANCELLED, 'cancelled; nothing was changed');
    outcome = await applyPlan(ctx, review.aws, plan);
  }
  return alarmsApplyData(review, { dryRun: request.dryRun, applied: willApply, ...outcome });
}

/** The result document: what was (or, with --dry-run, would be) done. */
function alarmsApplyData(
  review: AlarmsReview,
  outcome: { dryRun: boolean; applied: boolean; writes: number; topicArn: string; dashboardMessages: string[] },
): AlarmsApplyData {
  const { plan, current, desired } = review;
  const actionOf = (name: string) =>
    plan.changes.some((change) => change.action === 'create-alarm' && change.alarm.name === name)
      ? 'created'
      : plan.changes.some((change) => change.action === 'update-alarm' && change.alarm.name === name)
        ? 'updated'
        : 'unchanged';
  const subscribed = plan.changes.flatMap((change) => (change.action === 'subscribe' ? [change.endpoint] : []));
  const dashboard = plan.changes.find((change) => change.action === 'put-dashboard');
  return {
    accountId: review.accountId,
    region: review.region,
    topicArn: outcome.topicArn,
    dryRun: outcome.dryRun,
    applied: outcome.applied,
    writes: outcome.writes,
    changes: plan.changes.map((change) => ({
      action: change.action,
      target: targetOf(change),
      description: describeChange(change),
    })),
    alarms: desired.map((alarm) => ({
      name: alarm.name,
      subject: alarm.subject,
      namespace: alarm.namespace,
      metricName: alarm.metricName,
      dimensions: alarm.dimensions,
      dimensionsFrom: alarm.dimensionsFrom,
      threshold: alarm.threshold,
      action: actionOf(alarm.name),
      differences: plan.changes.flatMap((change) =>
        change.action === 'update-alarm' && change.alarm.name === alarm.name ? change.differences : [],
      ),
      state: current.alarms.find((existing) => existing.name === alarm.name)?.state,
    })),
    deleted: plan.changes.flatMap((change) => (change.action === 'delete-alarms' ? change.names : [])),
    subscriptions: [
      ...current.subscriptions.map((subscription) => ({
        endpoint: subscription.endpoint,
        protocol: subscription.protocol,
        status: subscription.arn === 'PendingConfirmation' ? ('pending confirmation' as const) : ('confirmed' as const),
      })),
      ...subscribed.map((endpoint) => ({ endpoint, protocol: 'email', status: 'pending confirmation' as const })),
    ],
    dashboard: {
      name: dashboard?.action === 'put-dashboard' ? dashboard.name : 'awsarch-hybrid',
      action: dashboard?.action === 'put-dashboard' ? (dashboard.create ? 'created' : 'updated') : 'unchanged',
    },
    dashboardMessages: outcome.dashboardMessages,
  };
}
