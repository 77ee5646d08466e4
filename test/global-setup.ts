import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DOCUMENT_KINDS } from '../src/documents/kinds.js';
import { DOCUMENT_LOG_ENV } from './helpers/json-documents.js';

/**
 * Gives the test processes a directory to record each JSON document the e2e runs validated, and prints the
 * count per kind at the end of the run (a figure, not an assertion: a focused run covers few kinds).
 */
export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'awsarch-documents-'));
  process.env[DOCUMENT_LOG_ENV] = dir;
  return () => {
    const counts = new Map<string, number>();
    for (const file of readdirSync(dir))
      for (const kind of readFileSync(join(dir, file), 'utf8').split('\n').filter(Boolean))
        counts.set(kind, (counts.get(kind) ?? 0) + 1);
    rmSync(dir, { recursive: true, force: true });
    const total = [...counts.values()].reduce((sum, count) => sum + count, 0);
    if (total === 0) return;
    const unseen = DOCUMENT_KINDS.filter((kind) => !counts.has(kind));
    const byKind = [...counts.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([kind, n]) => `${kind} ${n}`);
    process.stdout.write(
      `\nJSON documents validated against their schemas in the e2e runs: ${total} documents of ${counts.size} kinds (${byKind.join(', ')})` +
        `${unseen.length ? `; kinds not printed by any e2e run: ${unseen.join(', ')}` : ''}\n`,
    );
  };
}
