import type { ScpListResult } from '../../scps/list.js';
import type { RenderedScpDocument } from '../../scps/render.js';
import { describeSize } from '../../scps/scp-quotas.js';
import type { ScpTestResult } from '../../scps/scp-test.js';
import type { CasesReport } from '../../scps/test-cases.js';
import type { ValidationDocument } from '../../scps/validate-inputs.js';
import type { HumanBlock } from '../io-host.js';

export function listView(result: ScpListResult): HumanBlock[] {
  const human: HumanBlock[] = [
    {
      kind: 'table',
      title: 'Bundled SCPs (templates/scps)',
      columns: ['NAME', 'SIZE', 'PARAMETERS', 'INTENT'],
      rows: result.bundled.map((scp) => [
        scp.name,
        describeSize(scp.size),
        scp.parameters.map((parameter) => parameter.name).join(', ') || '-',
        firstSentence(scp.description),
      ]),
    },
  ];
  if (result.organization) {
    const org = result.organization;
    human.push({
      kind: 'table',
      title: `SCPs in organization ${org.id}${org.scpEnabled ? '' : ' (SCPs are not enabled: none is in effect)'}`,
      columns: ['NAME', 'ID', 'MANAGED BY', 'ATTACHED TO'],
      rows: org.deployed.map((policy) => [
        policy.name,
        policy.id,
        policy.awsManaged ? 'AWS' : policy.managedByAwsarch ? 'awsarch' : '-',
        policy.attachedTo.map((target) => target.label).join(', ') || '(not attached)',
      ]),
    });
  }
  return human;
}

/** The rendered policy, pretty-printed (or, --minified, exactly as uploaded) with its size. */
export function renderView(rendered: RenderedScpDocument, options: { minified: boolean }): HumanBlock[] {
  if (options.minified) return [{ kind: 'text', lines: [rendered.content] }];
  return [
    { kind: 'text', lines: JSON.stringify(rendered.document, null, 2).split('\n') },
    {
      kind: 'text',
      lines: [`${rendered.name}: ${describeSize(rendered.size)} of the SCP quota (white space removed, as uploaded)`],
    },
  ];
}

export function validateView(validation: ValidationDocument): HumanBlock[] {
  const lines: string[] = [];
  for (const report of validation.policies) {
    const warnings = report.warnings > 0 ? `${report.warnings} warning(s)` : '';
    const verdict =
      report.errors > 0
        ? [`${report.errors} error(s)`, warnings].filter(Boolean).join(', ')
        : ['valid', warnings].filter(Boolean).join(', ');
    const where = report.source === 'bundled' ? '' : ` (${report.source})`;
    lines.push(
      `${report.name}${where}: ${verdict}${report.size === undefined ? '' : `, ${describeSize(report.size)}`}`,
    );
    for (const issue of report.issues) {
      const position = issue.line === undefined ? '' : `${issue.line}:${issue.column} `;
      lines.push(
        `  ${issue.severity === 'error' ? 'error  ' : 'warning'} ${position}${issue.path || '(document)'}: ${issue.message} [${issue.rule}]`,
      );
    }
  }
  return [{ kind: 'text', lines }];
}

export function testView(result: ScpTestResult): HumanBlock[] {
  const entries: Array<[string, string]> = [
    ['Decision', result.decision],
    ['Account', result.account.name ? `${result.account.name} (${result.account.id})` : result.account.id],
    ['Principal', result.principal],
    ['Action', result.action],
    ['Resource', result.resource],
  ];
  if (result.note) entries.push(['Note', result.note]);
  if (result.deniedBy) {
    entries.push([
      'Denied by',
      result.deniedBy.kind === 'explicit'
        ? `${result.deniedBy.policy ?? '?'} (attached to ${result.deniedBy.attachedTo}), statement ${result.deniedBy.sid ?? '(no Sid)'}`
        : `no SCP on ${result.deniedBy.attachedTo} allows it`,
    ]);
  }
  if (result.reason) entries.push(['Why', result.reason]);
  entries.push([
    'SCPs in effect',
    result.levels.map((level) => `${level.name}: ${level.policies.join(', ') || '(none)'}`).join('; '),
  ]);
  if (result.ignoredContextKeys.length)
    entries.push(['Ignored keys', `${result.ignoredContextKeys.join(', ')} (they do not apply to this action)`]);
  return [{ kind: 'keyValue', entries }];
}

export function casesView(report: CasesReport): HumanBlock[] {
  const rows = report.results.map((result) => [
    result.passed ? 'PASS' : 'FAIL',
    result.name,
    result.decision +
      (result.deniedBy?.policy
        ? ` by ${result.deniedBy.policy}${result.deniedBy.sid ? `/${result.deniedBy.sid}` : ''}`
        : ''),
    result.mismatch ?? '',
  ]);
  return [
    { kind: 'table', columns: ['', 'CASE', 'OUTCOME', 'MISMATCH'], rows },
    {
      kind: 'text',
      lines: [
        `${report.passed} passed, ${report.failed} failed (${report.file}, ${report.mode === 'offline' ? 'evaluated offline' : 'against the organization'})`,
      ],
    },
  ];
}

function firstSentence(text: string): string {
  const end = text.indexOf(': ');
  const sentence = end > 0 ? text.slice(0, end) : (text.split('. ')[0] ?? text);
  return sentence.length > 80 ? `${sentence.slice(0, 77)}...` : sentence;
}
