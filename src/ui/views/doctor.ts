import type { CheckName, CheckStatus, DoctorReport } from '../../doctor/report.js';
import type { HumanBlock } from '../io-host.js';

const MARKS: Record<CheckStatus, string> = { ok: '✓', warning: '!', failed: '✗' };

const LABELS: Record<CheckName, string> = {
  identity: 'identity',
  account: 'account',
  organization: 'organization',
  'member-role': 'member role',
  region: 'region',
  endpoints: 'endpoints',
  sandbox: 'sandbox',
};

/** One line per check (✓ ! ✗), a failed check's hint under it, then a summary. */
export function doctorView(report: DoctorReport): HumanBlock[] {
  const lines = report.checks.flatMap((check) => [
    `${MARKS[check.status]} ${LABELS[check.name]}: ${check.text}`,
    ...(check.status !== 'ok' && check.error?.hint ? [`    hint: ${check.error.hint}`] : []),
  ]);
  const failed = report.checks.filter((check) => check.required && check.status === 'failed').length;
  return [
    { kind: 'text', lines },
    {
      kind: 'text',
      lines: [failed === 0 ? 'all required checks passed' : `${failed} required check(s) failed`],
    },
  ];
}
