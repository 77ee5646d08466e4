import type {
  AccountCompliance,
  ComplianceAssessment,
  ConfigCell,
  FindingsCell,
  LoggingCell,
  ScpCell,
  WorstItem,
} from '../../compliance/assessment.js';
import { describeAge } from '../../compliance/assess.js';
import type { ComplianceReport, ComplianceWatchSummary } from '../../compliance/compliance.js';
import type { HumanBlock, MatrixCell } from '../io-host.js';

const COLUMNS = ['CONFIG RULES', 'SECURITY HUB', 'GUARDDUTY', 'LOGGING', 'SCPS'];
const NOT_READ: Partial<Record<string, MatrixCell>> = {
  missing: { text: 'MISSING', tone: 'warn' },
  error: { text: 'ERROR', tone: 'bad' },
  unknown: { text: '?', tone: 'muted' },
};

function configCell(cell: ConfigCell): MatrixCell {
  const unread = NOT_READ[cell.state];
  if (unread) return unread;
  const total = cell.compliant + cell.nonCompliant;
  return cell.nonCompliant > 0
    ? { text: `${cell.nonCompliant} NC / ${total}`, tone: 'bad' }
    : { text: `OK (${total})`, tone: 'ok' };
}

/** "C1 H2 M5": red with critical or high findings, yellow with medium only. */
function findingsCell(cell: FindingsCell): MatrixCell {
  const unread = NOT_READ[cell.state];
  if (unread) return unread;
  const { critical, high, medium } = cell.counts;
  if (critical + high + medium === 0) return { text: 'OK', tone: 'ok' };
  return { text: `C${critical} H${high} M${medium}`, tone: critical + high > 0 ? 'bad' : 'warn' };
}

/** The first problem in a word or two; the worst items list them all. */
function loggingCell(cell: LoggingCell): MatrixCell {
  const unread = NOT_READ[cell.state];
  if (unread) return unread;
  const age = cell.deliveryAgeMinutes === undefined ? '' : ` ${describeAge(cell.deliveryAgeMinutes)}`;
  if (cell.state === 'ok') return { text: `OK${age}`, tone: 'ok' };
  const first = cell.problems[0] ?? '';
  const word = /not logging/.test(first)
    ? 'STOPPED'
    : /delivers to/.test(first)
      ? 'OTHER BUCKET'
      : /delivery fails/.test(first)
        ? 'FAILING'
        : /delivered nothing|last delivery/.test(first)
          ? `STALE${age}`
          : 'NO VALIDATION';
  return { text: cell.problems.length > 1 ? `${word} +${cell.problems.length - 1}` : word, tone: 'bad' };
}

function scpCell(cell: ScpCell): MatrixCell {
  const unread = NOT_READ[cell.state];
  if (unread) return unread;
  if (cell.state === 'unchecked') return { text: `${cell.inEffect.length} in effect`, tone: 'muted' };
  if (cell.state === 'ok') return { text: `OK (${cell.inEffect.length})`, tone: 'ok' };
  return { text: `DRIFT -${cell.missing.length} +${cell.unexpected.length}`, tone: 'bad' };
}

const rowOf = (account: AccountCompliance) => ({
  label: `${account.name} ${account.accountId}`,
  cells: [
    configCell(account.config),
    findingsCell(account.securityHub),
    findingsCell(account.guardDuty),
    loggingCell(account.logging),
    scpCell(account.scps),
  ],
});

const counts = (label: string, c: { critical: number; high: number; medium: number }) =>
  `${label} ${c.critical} critical, ${c.high} high, ${c.medium} medium`;

function headline(assessment: ComplianceAssessment): string {
  const { sources } = assessment;
  const from = [
    sources.config && `Config: ${sources.config}`,
    sources.securityHub && `Security Hub: ${sources.securityHub}`,
    sources.guardDuty && `GuardDuty: ${sources.guardDuty}`,
    `SCPs: ${sources.scps ? `compared with ${sources.scps}` : 'no landing-zone file to compare with (-f FILE)'}`,
  ].filter(Boolean);
  return `Compliance of ${assessment.accounts.length} account(s) at ${assessment.collectedAt} (${from.join('; ')})`;
}

const itemSeverity = (item: WorstItem) =>
  (item.severity ?? (item.source === 'config' ? 'rule' : 'problem')).toUpperCase();

function worstBlocks(assessment: ComplianceAssessment): HumanBlock[] {
  if (assessment.worst.length === 0)
    return [{ kind: 'text', lines: ['No findings at medium or above, no failing rules, logging and SCPs as wanted.'] }];
  return [
    {
      kind: 'table',
      title: `Worst items (${assessment.worst.length} of ${assessment.itemCount})`,
      columns: ['#', 'SEVERITY', 'SOURCE', 'ACCOUNT', 'ITEM', 'RESOURCE'],
      rows: assessment.worst.map((item, index) => [
        String(index + 1),
        itemSeverity(item),
        item.source,
        `${item.accountName} ${item.accountId}`,
        item.title,
        item.resource,
      ]),
    },
    {
      kind: 'text',
      lines: ['Console links:', ...assessment.worst.map((item, index) => `  ${index + 1}. ${item.link}`)],
    },
  ];
}

/** The matrix of accounts, totals, the worst items with console links, and sources that could not be read. */
export function complianceView(report: ComplianceReport): HumanBlock[] {
  const { assessment, collection } = report;
  const blocks: HumanBlock[] = [
    { kind: 'text', lines: [headline(assessment)] },
    { kind: 'matrix', corner: 'ACCOUNT', columns: COLUMNS, rows: assessment.accounts.map(rowOf) },
    {
      kind: 'text',
      lines: [
        `${counts('Security Hub:', assessment.totals.securityHub)}; ${counts('GuardDuty:', assessment.totals.guardDuty)}; ${assessment.totals.nonCompliantRules} non-compliant Config rule(s). Logging: a delivery within ${describeAge(assessment.maxLogAgeMinutes)}.`,
      ],
    },
  ];
  if (assessment.problems.length > 0)
    blocks.push({
      kind: 'findings',
      title: 'Not read',
      items: assessment.problems.map((problem) => ({
        severity: 'critical',
        text: `${problem.problem}. Fix: ${problem.fix}`,
      })),
    });
  blocks.push(...worstBlocks(assessment));
  blocks.push({
    kind: 'text',
    lines: [
      ...assessment.notes.map((note) => `Note: ${note}`),
      `${assessment.atOrAboveFailOn} finding(s) at or above ${assessment.failOn}. Read with ${collection.calls} API calls in ${collection.rounds} rounds (${(collection.durationMs / 1000).toFixed(1)} s).`,
    ],
  });
  return blocks;
}

/** What --watch prints when it stops. */
export function complianceWatchView(summary: ComplianceWatchSummary): HumanBlock[] {
  const last = summary.watch.last?.assessment;
  return [
    {
      kind: 'text',
      lines: [
        `Stopped watching after ${summary.watch.refreshes} refresh${summary.watch.refreshes === 1 ? '' : 'es'}${last ? `; last read at ${last.collectedAt}: ${last.atOrAboveFailOn} finding(s) at or above ${last.failOn}` : ''}.`,
      ],
    },
  ];
}
