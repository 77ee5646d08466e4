import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { usageError } from '../core/errors.js';
import { loadBundledTemplates, resolvePolicyInput } from './catalog.js';
import { JsonSyntaxError, parseJsonWithPositions } from './json-source.js';
import { overridesFor, parseParameterAssignments, renderTemplate, type RenderedScp } from './render.js';
import { FULL_AWS_ACCESS_NAME, minifiedContent, scpSize } from './scp-quotas.js';
import type { TemplateSource } from './template-model.js';
import { validatePolicyText, validateRendered, type ValidationReport } from './validate.js';
import { ERR } from '../core/error-codes.js';

/** The SCPs to upload and where to attach them, before any AWS call. */
export interface DesiredScps {
  rendered: RenderedScp[];
  /** Target text (root, OU path, OU id, account id or name) -> policy names. */
  assignments: Array<{ target: string; policies: string[] }>;
  /** From a layout file: it declares every attachment of awsarch-managed SCPs. */
  declarative: boolean;
  reports: ValidationReport[];
}

type Assignment = { policy?: string; key: string; value: string | string[] };

const parameterValue = z.union([
  z.string(),
  z.array(z.string()),
  z.number().transform(String),
  z.boolean().transform(String),
]);
const layoutSchema = z.strictObject({
  parameters: z.record(z.string(), parameterValue).default({}),
  policyParameters: z.record(z.string(), z.record(z.string(), parameterValue)).default({}),
  attachments: z
    .array(z.strictObject({ target: z.string().min(1), policies: z.array(z.string().min(1)).min(1) }))
    .min(1),
});

/** `--target T ... --policy P ...`: every policy on every target. */
export async function desiredFromOptions(options: {
  targets: string[];
  policies: string[];
  params: string[];
}): Promise<DesiredScps> {
  if (options.policies.length === 0)
    throw usageError(
      ERR.MISSING_OPTION,
      'name the SCPs with --policy NAME (repeatable), or give a layout with --from FILE',
      'run `awsarch scp list --bundled` for the bundled SCPs',
    );
  if (options.targets.length === 0)
    throw usageError(
      ERR.MISSING_OPTION,
      'name where the SCPs go with --target (root, an OU path, an OU id or an account; repeatable)',
      'or give a layout with --from FILE',
    );
  const built = await buildPolicies(options.policies, parseParameterAssignments(options.params), process.cwd());
  return {
    ...built,
    assignments: options.targets.map((target) => ({ target, policies: built.names })),
    declarative: false,
  };
}

/** The parts of a layout: shared parameters, per-policy parameters, and every attachment of awsarch's SCPs. */
export type ScpLayoutInput = z.input<typeof layoutSchema>;

/** A layout file: parameters and the attachments of every awsarch-managed SCP (see templates/landing-zone.yaml). */
export async function desiredFromFile(path: string, params: string[]): Promise<DesiredScps> {
  let raw: unknown;
  try {
    raw = parseYaml(await readFile(path, 'utf8'));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message.split('\n')[0];
    throw usageError(ERR.BAD_SCP_LAYOUT, `cannot read ${path}: ${reason}`);
  }
  // A landing-zone file (version: 1) carries its layout in its `scps` section.
  const layoutOf = (value: unknown): unknown =>
    typeof value === 'object' && value !== null && 'version' in value ? (value as { scps?: unknown }).scps : value;
  const parsed = layoutSchema.safeParse(layoutOf(raw) ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length
      ? issue.path
          .map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`))
          .join('')
          .replace(/^\./, '')
      : '(top level)';
    throw usageError(
      ERR.BAD_SCP_LAYOUT,
      `${path}: ${where}: ${issue?.message ?? 'invalid'}`,
      'see the scps section of templates/landing-zone.yaml',
    );
  }
  return desiredFromLayout(parsed.data, dirname(path), params);
}

/** A layout already read (a file, or the `scps` section of a landing-zone file); files it names are relative to baseDir. */
export async function desiredFromLayout(
  input: ScpLayoutInput,
  baseDir: string,
  params: string[] = [],
): Promise<DesiredScps> {
  const layout = layoutSchema.parse(input);
  const assignments: Assignment[] = [
    ...Object.entries(layout.parameters).map(([key, value]) => ({ key, value })),
    ...Object.entries(layout.policyParameters).flatMap(([policy, values]) =>
      Object.entries(values).map(([key, value]) => ({ policy, key, value })),
    ),
    ...parseParameterAssignments(params),
  ];
  const policyTexts = [...new Set(layout.attachments.flatMap((attachment) => attachment.policies))];
  const built = await buildPolicies(policyTexts, assignments, baseDir);
  const nameOf = new Map(policyTexts.map((text, i) => [text, built.names[i] as string]));
  return {
    ...built,
    assignments: layout.attachments.map((attachment) => ({
      target: attachment.target,
      policies: attachment.policies.map((text) => nameOf.get(text) as string),
    })),
    declarative: true,
  };
}

/** Renders and validates each policy (bundled name, template file or policy file; FullAWSAccess as it is). */
async function buildPolicies(texts: readonly string[], assignments: readonly Assignment[], baseDir: string) {
  const templates = await loadBundledTemplates();
  const rendered: RenderedScp[] = [];
  const reports: ValidationReport[] = [];
  const names: string[] = [];
  const declared = new Set<string>();
  for (const text of texts) {
    if (text === FULL_AWS_ACCESS_NAME) {
      names.push(text);
      continue;
    }
    const input = await resolvePolicyInput(templates, text, isAbsolute(text) ? text : join(baseDir, text));
    if (input.kind === 'template') {
      for (const key of Object.keys(input.source.template.parameters)) declared.add(key);
      const policy = renderTemplate(input.source.template, overridesFor(input.source.template.name, assignments));
      rendered.push(policy);
      reports.push(await validateRendered(policy, input.source.origin, input.source.text));
      names.push(policy.name);
    } else {
      const policy = documentPolicy(input.name, input.path, input.text);
      rendered.push(policy);
      reports.push(await validatePolicyText(input.text, input.name, input.path));
      names.push(policy.name);
    }
  }
  const duplicate = names.find((name, i) => names.indexOf(name) !== i);
  if (duplicate) throw usageError(ERR.DUPLICATE_POLICY, `the SCP ${duplicate} is named twice`);
  checkParametersAreUsed(assignments, declared, templates, rendered);
  return { rendered, reports, names };
}

/** A plain policy file uploaded as it is (minified), named after the file. */
function documentPolicy(name: string, path: string, text: string): RenderedScp {
  let document: Record<string, unknown> = {};
  try {
    const value = parseJsonWithPositions(text).value;
    if (typeof value === 'object' && value !== null && !Array.isArray(value))
      document = value as Record<string, unknown>;
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
  }
  return {
    name,
    description: `Managed by awsarch from ${path}`,
    document,
    content: minifiedContent(document),
    size: scpSize(document),
    parameters: {},
    sourceMap: new Map(),
  };
}

/** A --param that no selected template declares is a typo; say so rather than ignore it. */
function checkParametersAreUsed(
  assignments: readonly Assignment[],
  declared: ReadonlySet<string>,
  templates: readonly TemplateSource[],
  rendered: readonly RenderedScp[],
): void {
  for (const assignment of assignments) {
    if (assignment.policy !== undefined) {
      const target = rendered.find((policy) => policy.name.toLowerCase() === assignment.policy?.toLowerCase());
      if (!target)
        throw usageError(
          ERR.BAD_PARAM,
          `--param ${assignment.policy}.${assignment.key}: ${assignment.policy} is not one of the policies being applied`,
        );
      if (!(assignment.key in target.parameters))
        throw usageError(
          ERR.BAD_PARAM,
          `${assignment.policy} has no parameter ${assignment.key}`,
          `its parameters: ${Object.keys(target.parameters).join(', ') || 'none'}`,
        );
    } else if (!declared.has(assignment.key)) {
      const known = [...new Set(templates.flatMap((source) => Object.keys(source.template.parameters)))].sort();
      throw usageError(
        ERR.BAD_PARAM,
        `no selected SCP has a parameter named ${assignment.key}`,
        `parameters of the bundled SCPs: ${known.join(', ')}`,
      );
    }
  }
}

/** Validation errors stop an apply before anything is read or written. */
export function assertValid(reports: readonly ValidationReport[]): void {
  const failing = reports.filter((report) => report.errors > 0);
  if (failing.length === 0) return;
  const lines = failing.flatMap((report) =>
    report.issues
      .filter((issue) => issue.severity === 'error')
      .map(
        (issue) =>
          `${report.name}: ${issue.path || '(document)'}${issue.line ? ` (line ${issue.line}, column ${issue.column})` : ''}: ${issue.message}`,
      ),
  );
  throw usageError(
    ERR.SCP_INVALID,
    `${failing.length === 1 ? 'an SCP does' : `${failing.length} SCPs do`} not validate, nothing was changed:\n  ${lines.join('\n  ')}`,
    'run `awsarch scp validate` on them for details',
  );
}
