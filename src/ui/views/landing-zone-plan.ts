import type { Change, LandingZonePlan, PlanTotals, TargetRef } from '../../landing-zone/plan/model.js';
import { describeSize } from '../../scps/scp-quotas.js';

const INTERNAL_TAG = /^awsarch:/;
const path = (names: readonly string[]) => (names.length === 0 ? 'root' : names.join('/'));

interface Row {
  symbol: '+' | '~' | '-' | '!';
  name: string;
  where?: string;
  parts: string[];
  details: string[];
}

const driftNote = (change: Change, text: string) => (change.drift ? `${text} (drift)` : text);

function tagParts(set: ReadonlyArray<{ key: string; value: string; was?: string }>): string | undefined {
  const visible = set.filter((tag) => !INTERNAL_TAG.test(tag.key));
  const marks = set.some((tag) => tag.key === 'awsarch:managed')
    ? ['mark as managed']
    : set.some((tag) => tag.key === 'awsarch:ou')
      ? ['record its OU (awsarch:ou)']
      : [];
  const shown = visible
    .slice(0, 3)
    .map((tag) => (tag.was === undefined ? `${tag.key}=${tag.value}` : `${tag.key}: ${tag.was} → ${tag.value}`));
  const more = visible.length > 3 ? [`+${visible.length - 3} more`] : [];
  const words = [...(shown.length ? [`tags ${[...shown, ...more].join(', ')}`] : []), ...marks];
  return words.length ? words.join('; ') : undefined;
}

function attachmentPart(change: Extract<Change, { kind: 'scp-attachments' }>): string {
  const moves = [...change.attach.map((name) => `+${name}`), ...change.detach.map((name) => `-${name}`)];
  return `SCPs ${moves.join(' ')} (${change.after.length} of 5)`;
}

function baselinePart(change: Extract<Change, { kind: 'baseline' }>, created: boolean): string {
  if (created) return `baseline ${change.baseline} (${change.steps.length} steps)`;
  return `baseline ${change.baseline}: ${change.steps
    .map((step) => (step.summary.startsWith('after ') ? `${step.step} (${step.summary})` : step.step))
    .join(', ')}${change.drift ? ' (drift)' : ''}`;
}

function baselineDetails(change: Extract<Change, { kind: 'baseline' }>): string[] {
  return change.steps.flatMap((step) => [
    `${step.step}: ${step.summary}`,
    ...step.differences.map((line) => `  differs: ${line}`),
    ...step.changes.map((line) => `  will: ${line}`),
  ]);
}

function targetName(target: TargetRef): string {
  return target.type === 'root' ? 'root' : target.type === 'ou' ? path(target.path) : target.name;
}

/** Rows per account, OU and SCP: everything that happens to one thing on one line. */
function rowsOf(plan: LandingZonePlan) {
  const organization: string[] = [];
  const ous = new Map<string, Row>();
  const accounts = new Map<string, Row>();
  const scps = new Map<string, Row>();
  const prerequisites: Row[] = [];
  const baselineOrganization: string[] = [];
  const row = (rows: Map<string, Row>, name: string, symbol: Row['symbol'], where?: string): Row => {
    const existing = rows.get(name);
    if (existing) {
      if (symbol === '+' || (symbol === '-' && existing.symbol === '~')) existing.symbol = symbol;
      if (where && !existing.where) existing.where = where;
      return existing;
    }
    const created: Row = { symbol, name, where, parts: [], details: [] };
    rows.set(name, created);
    return created;
  };
  const createdAccounts = new Set(
    plan.changes.flatMap((change) => (change.kind === 'create-account' ? [change.name] : [])),
  );
  for (const change of plan.changes) {
    switch (change.kind) {
      case 'create-organization':
        organization.push('+ create the organization (all features)');
        break;
      case 'enable-scps':
        organization.push('+ enable service control policies in the root (FullAWSAccess goes on every OU and account)');
        break;
      case 'create-ou':
        row(ous, path(change.path), '+').parts.push('create');
        break;
      case 'tag-ou':
        row(ous, path(change.path), '~').parts.push('mark as managed');
        break;
      case 'delete-ou':
        row(ous, path(change.path), '-').parts.push('delete (prune)');
        break;
      case 'create-account': {
        const target = row(accounts, change.name, '+', path(change.ou));
        // AWS shows a request's e-mail only once its account exists: the apply decides, not the plan.
        target.parts.push(
          `create${change.requestId ? ' (a request for this name is in progress: its account is taken if the e-mail matches)' : ''}`,
        );
        const tags = tagParts(Object.entries(change.tags).map(([key, value]) => ({ key, value })));
        if (tags) target.parts.push(tags.replace(/; mark as managed$/, ''));
        break;
      }
      case 'move-account':
        row(accounts, change.name, '~', path(change.to)).parts.push(
          driftNote(change, `move from ${path(change.from)}`),
        );
        break;
      case 'tag-account': {
        const tags = tagParts(change.set);
        const target = row(accounts, change.name, '~');
        if (tags) target.parts.push(tags);
        target.details.push(...change.set.map((tag) => `tag ${tag.key}: ${tag.was ?? '(none)'} → ${tag.value}`));
        break;
      }
      case 'scp-policy': {
        const target = row(scps, change.name, change.action === 'create' ? '+' : '~');
        const what = [change.contentChanged ? 'content' : '', change.descriptionChanged ? 'description' : '']
          .filter(Boolean)
          .join(' and ');
        target.parts.push(
          change.action === 'create'
            ? `create, ${describeSize(change.size)}`
            : driftNote(
                change,
                `${change.action === 'adopt' ? 'adopt (tag as managed)' : 'update'}${what ? ` ${what}` : ''}, ${describeSize(change.size)}`,
              ),
        );
        target.details.push(...change.diff);
        break;
      }
      case 'delete-scp':
        row(scps, change.name, '-').parts.push(
          `delete (prune)${change.detachFrom.length ? ` after detaching from ${change.detachFrom.map((target) => target.label).join(', ')}` : ''}`,
        );
        break;
      case 'scp-attachments': {
        const name = targetName(change.target);
        const rows = change.target.type === 'account' ? accounts : ous;
        row(rows, name, '~').parts.push(attachmentPart(change));
        break;
      }
      case 'create-transit-gateway':
        prerequisites.push({
          symbol: '+',
          name: `transit gateway ${change.name}`,
          parts: [`create in ${change.owner} (${change.region}), ASN ${change.amazonSideAsn}`],
          details: [],
        });
        break;
      case 'log-archive-bucket':
        prerequisites.push({
          symbol: change.create ? '+' : '~',
          name: `bucket ${change.bucket}`,
          parts: [
            change.create
              ? `create in ${change.account} (${change.region}), writable by CloudTrail and AWS Config of the organization`
              : driftNote(change, `add ${change.missing.join(' and ')} delivery to its policy`),
          ],
          details: [],
        });
        break;
      case 'baseline': {
        const target = row(accounts, change.name, '~');
        target.parts.push(baselinePart(change, createdAccounts.has(change.name)));
        target.details.push(...baselineDetails(change));
        break;
      }
      case 'baseline-organization':
        for (const step of change.steps) baselineOrganization.push(`~ ${step.step}: ${step.changes.join('; ')}`);
        break;
      case 'prune-move-account':
        row(accounts, change.name, '-', path(change.from)).parts.push(`move to ${path(change.to)} (prune)`);
        break;
      case 'close-account':
        row(accounts, change.name, '-', path(change.ou)).parts.push('close (prune)');
        break;
    }
  }
  for (const item of plan.unmanaged) {
    const rows = item.type === 'account' ? accounts : item.type === 'ou' ? ous : scps;
    if (rows.has(item.name)) continue;
    row(rows, item.name, '!', item.type === 'account' ? item.ou : undefined).parts.push(
      `unmanaged: not in the file (${plan.options.prune ? item.prune : `--prune: ${item.prune}`})`,
    );
  }
  return { organization, ous, accounts, scps, prerequisites, baselineOrganization };
}

function section(title: string, rows: readonly Row[], details: boolean, withWhere: boolean): string[] {
  if (rows.length === 0) return [];
  const nameWidth = Math.min(32, Math.max(...rows.map((entry) => entry.name.length)));
  const whereWidth = withWhere ? Math.min(28, Math.max(0, ...rows.map((entry) => (entry.where ?? '').length))) : 0;
  const lines = [title];
  for (const entry of rows) {
    const where = withWhere ? `  ${(entry.where ?? '').padEnd(whereWidth)}` : '';
    lines.push(`  ${entry.symbol} ${entry.name.padEnd(nameWidth)}${where}  ${entry.parts.join('; ')}`.trimEnd());
    if (details) for (const line of entry.details) lines.push(`      ${line}`);
  }
  return lines;
}

/** "Plan: OUs 5 to create; accounts 6 to create, 1 to move; ... 29 changes, about 71 write calls." */
export function totalsLine(totals: PlanTotals): string {
  const group = (title: string, items: Array<[number, string]>) => {
    const shown = items.filter(([count]) => count > 0).map(([count, text]) => `${count} ${text}`);
    return shown.length ? [`${title} ${shown.join(', ')}`] : [];
  };
  const groups = [
    ...group('OUs', [
      [totals.ous.create, 'to create'],
      [totals.ous.delete, 'to delete'],
    ]),
    ...group('accounts', [
      [totals.accounts.create, 'to create'],
      [totals.accounts.move, 'to move'],
      [totals.accounts.tag, 'to tag'],
      [totals.accounts.close, 'to close'],
    ]),
    ...group('SCPs', [
      [totals.scps.create, 'to create'],
      [totals.scps.update, 'to update'],
      [totals.scps.attach, 'to attach'],
      [totals.scps.detach, 'to detach'],
      [totals.scps.delete, 'to delete'],
    ]),
    ...group('prerequisites', [[totals.prerequisites, 'to create or repair']]),
    ...(totals.baselines.steps > 0
      ? [
          `baselines ${totals.baselines.steps} step${totals.baselines.steps === 1 ? '' : 's'} in ${totals.baselines.accounts} account${totals.baselines.accounts === 1 ? '' : 's'}`,
        ]
      : []),
  ];
  const notes = [
    ...(totals.drift ? [`${totals.drift} revert${totals.drift === 1 ? 's' : ''} drift`] : []),
    ...(totals.unmanaged ? [`${totals.unmanaged} unmanaged`] : []),
    `${totals.accounts.unchanged} account${totals.accounts.unchanged === 1 ? '' : 's'} unchanged`,
  ];
  if (totals.changes === 0) return `Plan: no changes; ${notes.join(', ')}.`;
  return `Plan: ${groups.join('; ')}. ${notes.join(', ')}. ${totals.changes} change${totals.changes === 1 ? '' : 's'}, about ${totals.writes} write call${totals.writes === 1 ? '' : 's'}.`;
}

/**
 * Pure: the compact plan - one line per OU, account and SCP that changes (all of what happens to it
 * on that line), the prerequisites, then refusals, warnings and the totals; `details` adds the SCP
 * JSON diffs, tag values and each baseline step's differences and changes under their line.
 */
export function compactPlanLines(plan: LandingZonePlan, options: { details: boolean }): string[] {
  const rows = rowsOf(plan);
  const lines = [`Plan ${plan.planId} for ${plan.organization.id ?? 'a new organization'} from ${plan.source.path}`];
  const blocks = [
    rows.organization.length ? ['Organization', ...rows.organization.map((line) => `  ${line}`)] : [],
    section('OUs', [...rows.ous.values()], options.details, false),
    section('Accounts', [...rows.accounts.values()], options.details, true),
    section('SCPs', [...rows.scps.values()], options.details, false),
    section('Prerequisites', rows.prerequisites, options.details, false),
    rows.baselineOrganization.length
      ? ['Baselines (organization)', ...rows.baselineOrganization.map((line) => `  ${line}`)]
      : [],
    plan.refusals.length
      ? ['Refused (nothing will be changed)', ...plan.refusals.map((refusal) => `  ! ${refusal.message}`)]
      : [],
    plan.warnings.length ? ['Warnings', ...plan.warnings.map((warning) => `  ! ${warning.message}`)] : [],
  ].filter((block) => block.length > 0);
  for (const block of blocks) lines.push('', ...block);
  lines.push('', totalsLine(plan.totals));
  return lines;
}
