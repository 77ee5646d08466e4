import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Vitest global setup: every sandbox of the run (in the test workers and in the awsarch processes they start)
 * checks each response against the AWS SDK's model and records departures in one directory; the run fails
 * at the end if any were recorded. See packages/aws-sandbox/src/conformance/.
 */
export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'awsarch-conformance-'));
  process.env.AWSARCH_SANDBOX_CONFORMANCE_LOG = dir;
  return () => {
    const report = readConformanceLog(dir);
    rmSync(dir, { recursive: true, force: true });
    const services = Object.entries(report.byService)
      .sort(([, a], [, b]) => b - a)
      .map(([service, count]) => `${service} ${count}`)
      .join(', ');
    process.stdout.write(
      `\nAWS model conformance: ${report.checked} sandbox responses checked${services ? ` (${services})` : ''}, ${report.violations.length} departures\n`,
    );
    if (report.violations.length > 0) {
      // Vitest only logs an error thrown by a global teardown; the exit code is what CI reads.
      process.exitCode = 1;
      throw new Error(formatViolations(report.violations));
    }
  };
}

interface Violation {
  service: string;
  operation: string;
  status: number;
  problems: string[];
}

export function readConformanceLog(dir: string): {
  checked: number;
  byService: Record<string, number>;
  violations: Violation[];
} {
  let checked = 0;
  const byService: Record<string, number> = {};
  const violations: Violation[] = [];
  for (const name of readdirSync(dir)) {
    const text = readFileSync(join(dir, name), 'utf8');
    if (name.startsWith('tally-')) {
      const tally = JSON.parse(text) as { checked: number; byService: Record<string, number> };
      checked += tally.checked;
      for (const [service, count] of Object.entries(tally.byService))
        byService[service] = (byService[service] ?? 0) + count;
    } else if (name.startsWith('violations-')) {
      for (const line of text.split('\n')) if (line.trim()) violations.push(parseViolation(line, name));
    }
  }
  return { checked, byService, violations };
}

/** A line cut short (its process killed while appending it) still counts: a departure was being recorded. */
function parseViolation(line: string, file: string): Violation {
  try {
    return JSON.parse(line) as Violation;
  } catch {
    return { service: '?', operation: '?', status: 0, problems: [`an unreadable line in ${file}: ${line}`] };
  }
}

function formatViolations(violations: Violation[]): string {
  const grouped = new Map<string, number>();
  for (const violation of violations)
    for (const problem of violation.problems) {
      const key = `${violation.service} ${violation.operation} (HTTP ${violation.status}): ${problem}`;
      grouped.set(key, (grouped.get(key) ?? 0) + 1);
    }
  const lines = [...grouped].map(([key, count]) => `  ${key}${count > 1 ? ` [x${count}]` : ''}`);
  return `Sandbox responses depart from the AWS SDK's models (${violations.length} responses):\n${lines.join('\n')}`;
}
