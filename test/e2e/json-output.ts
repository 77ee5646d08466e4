import { DOCUMENT_CATALOG, type DocumentOutput } from '../../src/documents/catalog.js';
import { isDocumentKind } from '../../src/documents/kinds.js';
import { documentProblems } from '../helpers/json-documents.js';

/** Global options that take a value (`awsarch --help`), so the command path can be found after them. */
const VALUE_OPTIONS = new Set(['--profile', '--region', '--endpoint-url', '-o', '--output', '--access-role']);
const INFORMATIONAL = new Set(['-h', '--help', '-V', '--version']);

/** The command words of an argv ("scp apply", "deploy", "hybrid alarms apply"; a positional argument may follow), as the document catalog names commands by prefix. */
export function commandOf(args: readonly string[]): string[] {
  const words: string[] = [];
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] ?? '';
    if (arg.startsWith('-')) {
      if (words.length > 0) break;
      if (VALUE_OPTIONS.has(arg)) index += 1;
      continue;
    }
    words.push(arg);
    // Commands are up to three words deep (hybrid alarms apply); a catalog entry matches a prefix of them.
    if (words.length === 3) break;
  }
  return words;
}

/** Whether this run was asked for JSON (flag, or AWSARCH_OUTPUT in its environment). */
export function wantsJson(args: readonly string[], env: Record<string, string | undefined>): boolean {
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] ?? '';
    if (arg === '--output' || arg === '-o') return args[index + 1] === 'json';
    if (arg === '--output=json' || arg === '-ojson') return true;
    if (arg.startsWith('--output=') || (arg.startsWith('-o') && arg.length > 2)) return false;
  }
  return env.AWSARCH_OUTPUT === 'json';
}

const printedBy = (kind: string, words: readonly string[]): boolean => {
  if (!isDocumentKind(kind)) return false;
  const commands: readonly string[] = DOCUMENT_CATALOG[kind].commands;
  return commands.some((command) => command === '*' || command === words.slice(0, command.split(' ').length).join(' '));
};

const outputOf = (kind: unknown): DocumentOutput | undefined =>
  isDocumentKind(kind) ? DOCUMENT_CATALOG[kind].output : undefined;

/**
 * Checks everything a run printed as JSON against the schemas (see test/helpers/json-documents.ts): stdout is
 * one document, or an NDJSON stream whose lines before the last are stream lines; with --verbose, every JSON
 * line on stderr is an event. Returns the problems (empty when all is well) and the kinds of the valid documents.
 */
export function checkJsonOutput(
  args: readonly string[],
  env: Record<string, string | undefined>,
  run: { stdout: string; stderr: string; signal: NodeJS.Signals | null },
): { problems: string[]; validated: string[] } {
  if (!wantsJson(args, env) || args.some((arg) => INFORMATIONAL.has(arg))) return { problems: [], validated: [] };
  const words = commandOf(args);
  const problems: string[] = [];
  const validated: string[] = [];
  const check = (document: unknown, where: string) => {
    const kind = (document as { kind?: unknown } | null)?.kind;
    const found = documentProblems(document);
    problems.push(...found.map((problem) => `${where}: ${problem}`));
    if (found.length === 0 && typeof kind === 'string') {
      validated.push(kind);
      if (!printedBy(kind, words))
        problems.push(`${where}: "${words.join(' ')}" printed ${kind}, which the catalog does not list for it`);
    }
  };
  // A process killed mid-write leaves a partial last line: only complete lines are documents then.
  const killed = run.signal === 'SIGKILL';
  const complete = (text: string) => (killed ? text.slice(0, text.lastIndexOf('\n') + 1) : text);
  const stdout = complete(run.stdout).trim();
  if (stdout === '') {
    if (!killed) problems.push('stdout: no JSON document (--output json prints one, or the error document)');
  } else {
    let single: unknown;
    try {
      single = JSON.parse(stdout);
    } catch {
      single = undefined;
    }
    if (single !== undefined) check(single, 'stdout');
    else {
      const lines = stdout.split('\n');
      lines.forEach((line, index) => {
        let document: unknown;
        try {
          document = JSON.parse(line);
        } catch {
          problems.push(`stdout line ${index + 1} is not JSON: ${line.slice(0, 120)}`);
          return;
        }
        check(document, `stdout line ${index + 1}`);
        const kind = (document as { kind?: unknown }).kind;
        if (index < lines.length - 1 && outputOf(kind) !== 'stdout-line')
          problems.push(`stdout line ${index + 1}: ${String(kind)} is not a stream line but more lines follow it`);
      });
    }
  }
  const verbose =
    args.includes('--verbose') || args.includes('-v') || /^(1|true|yes)$/i.test(env.AWSARCH_VERBOSE ?? '');
  if (verbose) {
    for (const [index, line] of complete(run.stderr).split('\n').entries()) {
      if (!line.startsWith('{')) continue;
      try {
        const event = JSON.parse(line) as { kind?: unknown };
        check(event, `stderr line ${index + 1}`);
        if (event.kind !== 'event') problems.push(`stderr line ${index + 1}: ${String(event.kind)} on stderr`);
      } catch {
        problems.push(`stderr line ${index + 1} looks like JSON but is not: ${line.slice(0, 120)}`);
      }
    }
  }
  return { problems, validated };
}
