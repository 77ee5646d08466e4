import { AwsarchError } from '../../core/errors.js';
import { ERR } from '../../core/error-codes.js';
import { formatDocumentPath, type DocumentPath, type FilePosition, type YamlSource } from './yaml-source.js';

/** One thing wrong with a landing-zone file, at a place in it. */
export interface FileProblem {
  path: DocumentPath;
  message: string;
  /** Point at the key (an unknown or duplicate name) rather than its value. */
  at?: 'key' | 'value';
}

/** A problem with its place resolved: "file:line:column: path: message". */
export interface LocatedProblem {
  file: string;
  line?: number;
  column?: number;
  path: string;
  message: string;
}

export function locateProblem(source: Pick<YamlSource, 'path' | 'positionOf'>, problem: FileProblem): LocatedProblem {
  const position: FilePosition | undefined = source.positionOf(problem.path, problem.at);
  return {
    file: source.path,
    ...(position ? { line: position.line, column: position.column } : {}),
    path: formatDocumentPath(problem.path),
    message: problem.message,
  };
}

export function formatLocatedProblem(problem: LocatedProblem): string {
  const where = problem.line === undefined ? problem.file : `${problem.file}:${problem.line}:${problem.column}`;
  return `${where}: ${problem.path}: ${problem.message}`;
}

const SHOWN = 10;

/**
 * The one error for a file that does not validate: exit 2, nothing was read or written. Each
 * problem names the file, line and column, and the path in the document.
 */
export function invalidFileError(
  source: Pick<YamlSource, 'path' | 'positionOf'>,
  problems: readonly FileProblem[],
): AwsarchError {
  const located = problems
    .map((problem) => locateProblem(source, problem))
    .sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  const lines = located.slice(0, SHOWN).map(formatLocatedProblem);
  const more = located.length > SHOWN ? `\n  ... and ${located.length - SHOWN} more` : '';
  const message =
    located.length === 1
      ? (lines[0] as string)
      : `${source.path} has ${located.length} problems:\n  ${lines.join('\n  ')}${more}`;
  return new AwsarchError(ERR.LANDING_ZONE_INVALID, message, {
    outcome: 'bad-input',
    hint: 'fix the file and run again; nothing was changed (see templates/landing-zone.yaml and schemas/landing-zone.schema.json)',
    details: { problems: located },
  });
}
