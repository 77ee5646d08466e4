import { iamDataCatalog, type ActionCatalog } from './action-catalog.js';
import { checkAgainstCatalog } from './catalog-checks.js';
import { JsonSyntaxError, memberPath, parseJsonWithPositions, type SourcePosition } from './json-source.js';
import type { RenderedScp } from './render.js';
import { checkRiskyPatterns } from './risk-checks.js';
import { checkScpGrammar, type ScpIssue } from './scp-grammar.js';
import { describeSize, SCP_MAX_SIZE, SCP_SIZE_WARNING_RATIO, scpSize } from './scp-quotas.js';

/** The verdict on one policy. */
export interface ValidationReport {
  name: string;
  /** 'bundled' or the file that was checked. */
  source: string;
  /** Size after white space is removed; undefined when the JSON could not be parsed. */
  size?: number;
  sizeLimit: number;
  issues: ScpIssue[];
  errors: number;
  warnings: number;
}

/** Every check on a parsed document: grammar, size quota, service reference, risky patterns. */
export async function validateDocument(
  document: unknown,
  catalog: ActionCatalog = iamDataCatalog,
): Promise<{ issues: ScpIssue[]; size: number }> {
  const grammar = checkScpGrammar(document);
  const size = scpSize(document);
  const issues = [...grammar.issues];
  if (size > SCP_MAX_SIZE) {
    issues.push({
      severity: 'error',
      rule: 'size',
      path: '',
      message: `the policy is ${describeSize(size)} after white space is removed; the SCP quota is ${SCP_MAX_SIZE.toLocaleString('en-US')}: split it or use wildcards`,
    });
  } else if (size > SCP_MAX_SIZE * SCP_SIZE_WARNING_RATIO) {
    issues.push({
      severity: 'warning',
      rule: 'size',
      path: '',
      message: `the policy uses ${describeSize(size)} of the SCP quota; little room is left to grow`,
    });
  }
  issues.push(...(await checkAgainstCatalog(grammar.statements, catalog)));
  issues.push(...checkRiskyPatterns(grammar.statements));
  return { issues, size };
}

/** Validates the text of a plain policy file; problems carry the line and column in that file. */
export async function validatePolicyText(
  text: string,
  name: string,
  source: string,
  catalog: ActionCatalog = iamDataCatalog,
): Promise<ValidationReport> {
  let parsed;
  try {
    parsed = parseJsonWithPositions(text);
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    const issue: ScpIssue = {
      severity: 'error',
      rule: 'json-syntax',
      path: '',
      message: `invalid JSON: ${error.message}`,
      ...error.position,
    };
    return report(name, source, undefined, [issue]);
  }
  const duplicates: ScpIssue[] = parsed.duplicateKeys.map(({ path, position }) => ({
    severity: 'error',
    rule: 'duplicate-key',
    path,
    message: `"${lastSegment(path)}" appears twice in the same object; AWS would keep only one of them`,
    ...position,
  }));
  const { issues, size } = await validateDocument(parsed.value, catalog);
  const positions = parsed.positions;
  return report(name, source, size, [
    ...duplicates,
    ...issues.map((issue) => withPosition(issue, (path) => positions.get(path))),
  ]);
}

/** Validates a rendered template; problems carry the line and column in the template file. */
export async function validateRendered(
  rendered: RenderedScp,
  source: string,
  templateText: string | undefined,
  catalog: ActionCatalog = iamDataCatalog,
): Promise<ValidationReport> {
  const { issues, size } = await validateDocument(rendered.document, catalog);
  let positions: Map<string, SourcePosition> | undefined;
  try {
    positions = templateText === undefined ? undefined : parseJsonWithPositions(templateText).positions;
  } catch {
    positions = undefined;
  }
  const locate = (path: string): SourcePosition | undefined => {
    const templatePath = rendered.sourceMap.get(path);
    return templatePath === undefined ? undefined : positions?.get(memberPath('document', templatePath));
  };
  return report(
    rendered.name,
    source,
    size,
    issues.map((issue) => withPosition(issue, locate)),
  );
}

function report(name: string, source: string, size: number | undefined, unsorted: ScpIssue[]): ValidationReport {
  const issues = [...unsorted].sort(
    (a, b) => (a.line ?? Infinity) - (b.line ?? Infinity) || (a.column ?? 0) - (b.column ?? 0),
  );
  return {
    name,
    source,
    size,
    sizeLimit: SCP_MAX_SIZE,
    issues,
    errors: issues.filter((issue) => issue.severity === 'error').length,
    warnings: issues.filter((issue) => issue.severity === 'warning').length,
  };
}

/** Adds the position of the issue's path, or of its nearest ancestor that has one. */
function withPosition(issue: ScpIssue, locate: (path: string) => SourcePosition | undefined): ScpIssue {
  if (issue.line !== undefined) return issue;
  let path = issue.path;
  for (;;) {
    const position = locate(path);
    if (position) return { ...issue, line: position.line, column: position.column };
    if (path === '') return issue;
    path = parentPath(path);
  }
}

function parentPath(path: string): string {
  const bracket = path.lastIndexOf('[');
  const dot = path.lastIndexOf('.');
  const cut = Math.max(bracket, dot);
  return cut <= 0 ? '' : path.slice(0, cut);
}

function lastSegment(path: string): string {
  const dot = path.lastIndexOf('.');
  return dot < 0 ? path : path.slice(dot + 1);
}
