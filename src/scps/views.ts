import { ExitCode } from '../core/errors.js';
import { toDocument } from '../documents/document.js';
import type { CommandResult, HumanBlock } from '../ui/io-host.js';
import type { ScpListResult } from './list.js';
import type { RenderedScp } from './render.js';
import { describeSize } from './scp-quotas.js';
import type { ScpTestResult } from './scp-test.js';
import type { CasesReport } from './test-cases.js';
import type { ValidationReport } from './validate.js';

export function listView(result: ScpListResult): CommandResult {
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
  return { data: toDocument('scp-list', result), human };
}

export function renderView(rendered: RenderedScp, minified: boolean): CommandResult {
  const data = toDocument('scp-render', {
    name: rendered.name,
    description: rendered.description,
    parameters: rendered.parameters,
    size: rendered.size,
    content: rendered.content,
    document: rendered.document,
  });
  const lines = minified ? [rendered.content] : JSON.stringify(rendered.document, null, 2).split('\n');
  if (minified) return { data, human: [{ kind: 'text', lines }] };
  return {
    data,
    human: [
      { kind: 'text', lines },
      {
        kind: 'text',
        lines: [`${rendered.name}: ${describeSize(rendered.size)} of the SCP quota (white space removed, as uploaded)`],
      },
    ],
  };
}

export function validateView(reports: readonly ValidationReport[], strict: boolean): CommandResult {
  const lines: string[] = [];
  for (const report of reports) {
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
  const errors = reports.reduce((sum, report) => sum + report.errors, 0);
  const warnings = reports.reduce((sum, report) => sum + report.warnings, 0);
  const failed = errors > 0 || (strict && warnings > 0);
  return {
    data: toDocument('scp-validate', { valid: !failed, errors, warnings, policies: reports }),
    human: [{ kind: 'text', lines }],
    exitCode: failed ? ExitCode.Failed : ExitCode.Ok,
  };
}

export function testView(result: ScpTestResult): CommandResult {
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
  return { data: toDocument('scp-test', result), human: [{ kind: 'keyValue', entries }] };
}

export function casesView(report: CasesReport): CommandResult {
  const rows = report.results.map((result) => [
    result.passed ? 'PASS' : 'FAIL',
    result.name,
    result.decision +
      (result.deniedBy?.policy
        ? ` by ${result.deniedBy.policy}${result.deniedBy.sid ? `/${result.deniedBy.sid}` : ''}`
        : ''),
    result.mismatch ?? '',
  ]);
  return {
    data: toDocument('scp-test-cases', report),
    human: [
      { kind: 'table', columns: ['', 'CASE', 'OUTCOME', 'MISMATCH'], rows },
      {
        kind: 'text',
        lines: [
          `${report.passed} passed, ${report.failed} failed (${report.file}, ${report.mode === 'offline' ? 'evaluated offline' : 'against the organization'})`,
        ],
      },
    ],
    exitCode: report.failed > 0 ? ExitCode.Failed : ExitCode.Ok,
  };
}

function firstSentence(text: string): string {
  const end = text.indexOf(': ');
  const sentence = end > 0 ? text.slice(0, end) : (text.split('. ')[0] ?? text);
  return sentence.length > 80 ? `${sentence.slice(0, 77)}...` : sentence;
}
