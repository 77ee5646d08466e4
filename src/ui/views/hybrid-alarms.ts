import type { AlarmsApplyData } from '../../hybrid/alarms/alarms-apply.js';
import type { AlarmsStatusData } from '../../hybrid/alarms/alarms-status.js';
import type { HumanBlock } from '../io-host.js';

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

const dimensionText = (dimensions: ReadonlyArray<{ name: string; value: string }>) =>
  dimensions.map((dimension) => `${dimension.name}=${dimension.value}`).join(' ');

function subscriptionLines(subscriptions: AlarmsApplyData['subscriptions']): string[] {
  if (subscriptions.length === 0)
    return ['Nobody is subscribed to the alarm topic: add one with --notify you@example.com.'];
  return subscriptions.map(
    (subscription) =>
      `${subscription.protocol} ${subscription.endpoint}: ${subscription.status}${subscription.status === 'pending confirmation' ? ' (the recipient must confirm the e-mail from AWS before alarms reach them)' : ''}`,
  );
}

/** `hybrid alarms apply`: what was created, updated or left alone, and who gets the notifications. */
export function alarmsApplyView(data: AlarmsApplyData): HumanBlock[] {
  const created = data.alarms.filter((alarm) => alarm.action === 'created').length;
  const updated = data.alarms.filter((alarm) => alarm.action === 'updated').length;
  const headline =
    data.changes.length === 0
      ? `Nothing to change: ${plural(data.alarms.length, 'alarm')}, the topic and the dashboard are as they should be in account ${data.accountId} (${data.region}); 0 writes.`
      : data.dryRun
        ? `Dry run: ${plural(data.changes.length, 'change')} would be made in account ${data.accountId} (${data.region}); nothing was written.`
        : `Applied ${plural(data.changes.length, 'change')} in account ${data.accountId} (${data.region}): ${created} alarm${created === 1 ? '' : 's'} created, ${updated} updated, ${data.deleted.length} deleted, dashboard ${data.dashboard.action}; ${plural(data.writes, 'write')}.`;
  const blocks: HumanBlock[] = [{ kind: 'text', lines: [headline] }];
  // Alarm changes show in the table; the others (topic, subscriptions, deletions, dashboard) here.
  const others = data.changes.filter((change) => change.action !== 'create-alarm' && change.action !== 'update-alarm');
  if (others.length > 0)
    blocks.push({
      kind: 'text',
      lines: [data.dryRun ? 'Would also:' : 'Also:', ...others.map((change) => `  ${change.description}`)],
    });
  blocks.push({
    kind: 'table',
    title: 'Alarms',
    columns: ['ALARM', 'WATCHES', 'METRIC', 'DIMENSIONS', data.dryRun ? 'PLAN' : 'ACTION'],
    rows: data.alarms.map((alarm) => [
      alarm.name,
      alarm.subject.name,
      `${alarm.namespace} ${alarm.metricName}`,
      `${dimensionText(alarm.dimensions)}${alarm.dimensionsFrom === 'documented' ? ' (documented; no data seen yet)' : ''}`,
      `${data.dryRun && alarm.action !== 'unchanged' ? `would be ${alarm.action}` : alarm.action}${alarm.differences.length > 0 ? ` (${alarm.differences.join('; ')})` : ''}`,
    ]),
  });
  blocks.push({
    kind: 'keyValue',
    entries: [
      ['Topic', data.topicArn],
      ['Notifications', subscriptionLines(data.subscriptions).join('; ')],
      ['Dashboard', `${data.dashboard.name} (${data.dashboard.action})`],
      ...(data.dashboardMessages.length > 0
        ? [['Dashboard messages', data.dashboardMessages.join('; ')] as [string, string]]
        : []),
    ],
  });
  return blocks;
}

/** `hybrid alarms status`: each alarm's state, what apply would change, who is notified. */
export function alarmsStatusView(data: AlarmsStatusData): HumanBlock[] {
  const { counts } = data;
  const parts = [
    `${counts.ok} OK`,
    counts.alarm > 0 ? `${counts.alarm} in ALARM` : undefined,
    counts.insufficientData > 0 ? `${counts.insufficientData} with insufficient data` : undefined,
    counts.missing > 0 ? `${counts.missing} missing` : undefined,
  ].filter(Boolean);
  const lines = [
    `${plural(data.alarms.length, 'hybrid alarm')} in account ${data.accountId} (${data.region}): ${parts.join(', ')}.`,
  ];
  if (data.pending.length > 0)
    lines.push(`\`awsarch hybrid alarms apply\` would make ${plural(data.pending.length, 'change')}.`);
  const blocks: HumanBlock[] = [
    { kind: 'text', lines },
    {
      kind: 'table',
      title: 'Alarms',
      columns: ['ALARM', 'STATE', 'SINCE', 'WATCHES', 'REASON'],
      rows: data.alarms.map((alarm) => [
        alarm.name,
        alarm.state,
        alarm.since ? `${alarm.since.slice(0, 19).replace('T', ' ')} UTC` : '-',
        alarm.subject?.name ?? alarm.metric,
        alarm.drift.length > 0 && alarm.state !== 'MISSING'
          ? `differs: ${alarm.drift.join('; ')}`
          : (alarm.reason ?? ''),
      ]),
    },
    {
      kind: 'keyValue',
      entries: [
        ['Topic', data.topicArn ?? 'missing (apply creates it)'],
        ['Notifications', subscriptionLines(data.subscriptions).join('; ')],
        ['Dashboard', data.dashboard],
      ],
    },
  ];
  if (data.pending.length > 0)
    blocks.push({ kind: 'text', lines: ['Apply would:', ...data.pending.map((line) => `  ${line}`)] });
  return blocks;
}
