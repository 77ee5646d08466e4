import { usageError } from '../core/errors.js';
import { loadBundledTemplates, resolvePolicyInput } from './catalog.js';
import { overridesFor, parseParameterAssignments, renderTemplate, type RenderedScp } from './render.js';
import { validatePolicyText, validateRendered, type ValidationReport } from './validate.js';
import { ERR } from '../core/error-codes.js';

/** The JSON of `scp validate`: the verdict, the counts, and each policy's report. */
export interface ValidationDocument {
  valid: boolean;
  errors: number;
  warnings: number;
  policies: readonly ValidationReport[];
}

/** Invalid when any policy has an error, or (--strict) a warning. */
export function validationDocument(reports: readonly ValidationReport[], strict: boolean): ValidationDocument {
  const errors = reports.reduce((sum, report) => sum + report.errors, 0);
  const warnings = reports.reduce((sum, report) => sum + report.warnings, 0);
  return { valid: !(errors > 0 || (strict && warnings > 0)), errors, warnings, policies: reports };
}

/** `scp validate [NAME|FILE ...]`: every bundled SCP when none is named; templates rendered with --param. */
export async function validateInputs(keys: readonly string[], params: readonly string[]): Promise<ValidationReport[]> {
  const templates = await loadBundledTemplates();
  const assignments = parseParameterAssignments(params);
  const inputs =
    keys.length > 0
      ? await Promise.all(keys.map((key) => resolvePolicyInput(templates, key)))
      : templates.map((source) => ({ kind: 'template' as const, source }));
  const declared = new Set(
    inputs.flatMap((input) => (input.kind === 'template' ? Object.keys(input.source.template.parameters) : [])),
  );
  const unknown = assignments.find((assignment) => !declared.has(assignment.key));
  if (unknown) throw usageError(ERR.BAD_PARAM, `no SCP being validated has a parameter named ${unknown.key}`);
  const reports: ValidationReport[] = [];
  for (const input of inputs) {
    if (input.kind === 'document') reports.push(await validatePolicyText(input.text, input.name, input.path));
    else
      reports.push(
        await validateRendered(
          renderTemplate(input.source.template, overridesFor(input.source.template.name, assignments)),
          input.source.origin,
          input.source.text,
        ),
      );
  }
  return reports;
}

/** `scp render NAME`: the final document that `scp apply` would upload. */
export async function renderInput(key: string, params: readonly string[]): Promise<RenderedScp> {
  const templates = await loadBundledTemplates();
  const input = await resolvePolicyInput(templates, key);
  if (input.kind === 'document') {
    const report = await validatePolicyText(input.text, input.name, input.path);
    const syntax = report.issues.find((issue) => issue.rule === 'json-syntax');
    if (syntax) throw usageError(ERR.BAD_JSON, `${input.path}: ${syntax.message}`);
    if (params.length > 0)
      throw usageError(ERR.BAD_PARAM, `${input.path} is a plain policy, not a template: it has no parameters`);
    const document = JSON.parse(input.text) as Record<string, unknown>;
    const content = JSON.stringify(document);
    return {
      name: input.name,
      description: `Managed by awsarch from ${input.path}`,
      document,
      content,
      size: report.size ?? content.length,
      parameters: {},
      sourceMap: new Map(),
    };
  }
  const assignments = parseParameterAssignments(params);
  const unknown = assignments.find((assignment) => !(assignment.key in input.source.template.parameters));
  if (unknown) {
    throw usageError(
      ERR.BAD_PARAM,
      `${input.source.template.name} has no parameter ${unknown.key}`,
      `its parameters: ${Object.keys(input.source.template.parameters).join(', ') || 'none'}`,
    );
  }
  return renderTemplate(input.source.template, overridesFor(input.source.template.name, assignments));
}
