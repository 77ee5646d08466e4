import { isAbsolute, join } from 'node:path';
import { isAwsarchError } from '../../core/errors.js';
import { loadBundledTemplates, resolvePolicyInput, type PolicyInput } from '../../scps/catalog.js';
import { desiredFromLayout, type DesiredScps } from '../../scps/desired.js';
import { FULL_AWS_ACCESS_NAME } from '../../scps/scp-quotas.js';
import type { TemplateParameter } from '../../scps/template-model.js';
import type { FileProblem } from './problems.js';
import type { ScpLayout, ScpParameterValue } from './schema.js';
import { ERR } from '../../core/error-codes.js';

interface SelectedPolicy {
  /** As written in the file. */
  text: string;
  /** Where it is first named: scps.attachments[i].policies[j]. */
  path: FileProblem['path'];
  input?: PolicyInput;
}

/** The parameter value a template will see, as items, and a problem when its type is wrong. */
function checkParameter(
  value: ScpParameterValue,
  spec: TemplateParameter,
  name: string,
  policy: string,
): string | undefined {
  if (spec.type === 'string' && Array.isArray(value))
    return `${policy} takes ${name} as one string (${spec.description}); got a list`;
  const items = Array.isArray(value)
    ? value
    : spec.type === 'list'
      ? value
          .split(',')
          .map((item) => item.trim())
          .filter(Boolean)
      : [value];
  if (spec.type === 'list' && items.length === 0) return `${policy} needs at least one value for ${name}`;
  if (spec.itemPattern) {
    const pattern = new RegExp(spec.itemPattern);
    const wrong = items.filter((item) => !pattern.test(item));
    if (wrong.length > 0)
      return `${wrong.map((item) => `"${item}"`).join(', ')} ${wrong.length === 1 ? 'is' : 'are'} not a valid value of ${name} for ${policy} (${spec.description}; each must match ${spec.itemPattern})`;
  }
  return undefined;
}

/**
 * The `scps` section against the SCP catalogue: every policy exists (bundled, a file next to the
 * landing-zone file, or FullAWSAccess), every parameter is declared by a selected SCP and has the
 * declared type, and the rendered SCPs validate (grammar, size quota, actions). Returns the rendered
 * SCPs when there is no problem.
 */
export async function checkScps(
  layout: ScpLayout,
  baseDir: string,
): Promise<{ problems: FileProblem[]; desired?: DesiredScps }> {
  const problems: FileProblem[] = [];
  const templates = await loadBundledTemplates();
  const selected = new Map<string, SelectedPolicy>();
  layout.attachments.forEach((attachment, i) =>
    attachment.policies.forEach((text, j) => {
      if (!selected.has(text)) selected.set(text, { text, path: ['scps', 'attachments', i, 'policies', j] });
    }),
  );
  for (const policy of selected.values()) {
    if (policy.text === FULL_AWS_ACCESS_NAME) continue;
    try {
      policy.input = await resolvePolicyInput(
        templates,
        policy.text,
        isAbsolute(policy.text) ? policy.text : join(baseDir, policy.text),
      );
    } catch (error) {
      if (!isAwsarchError(error)) throw error;
      problems.push({
        path: policy.path,
        message: ERR.UNKNOWN_SCP.is(error)
          ? `"${policy.text}" is neither a bundled SCP nor a file next to this file; bundled: ${templates.map((source) => source.template.name).join(', ')}`
          : error.message,
      });
    }
  }
  // Parameters are checked against the SCPs they are for; with an SCP unknown, that would only add noise.
  if (problems.length > 0) return { problems };
  const templateOf = new Map(
    [...selected.values()].flatMap((policy) =>
      policy.input?.kind === 'template' ? [[policy.input.source.template.name.toLowerCase(), policy.input]] : [],
    ),
  );
  const declaring = (name: string) =>
    [...templateOf.values()].flatMap((input) =>
      input.kind === 'template' && input.source.template.parameters[name]
        ? [{ policy: input.source.template.name, spec: input.source.template.parameters[name] }]
        : [],
    );
  for (const [name, value] of Object.entries(layout.parameters ?? {})) {
    const path = ['scps', 'parameters', name];
    const declared = declaring(name);
    if (declared.length === 0) {
      const known = [
        ...new Set(
          [...templateOf.values()].flatMap((input) =>
            input.kind === 'template' ? Object.keys(input.source.template.parameters) : [],
          ),
        ),
      ];
      problems.push({
        path,
        at: 'key',
        message: `no SCP of the attachments has a parameter named ${name}; theirs: ${known.sort().join(', ') || 'none'}`,
      });
      continue;
    }
    const wrong = declared.map(({ policy, spec }) => checkParameter(value, spec, name, policy)).find(Boolean);
    if (wrong) problems.push({ path, message: wrong });
  }
  for (const [policyName, values] of Object.entries(layout.policyParameters ?? {})) {
    const input = templateOf.get(policyName.toLowerCase());
    if (!input || input.kind !== 'template') {
      problems.push({
        path: ['scps', 'policyParameters', policyName],
        at: 'key',
        message: `${policyName} is not a parameterised SCP of the attachments`,
      });
      continue;
    }
    for (const [name, value] of Object.entries(values)) {
      const path = ['scps', 'policyParameters', policyName, name];
      const spec = input.source.template.parameters[name];
      if (!spec) {
        problems.push({
          path,
          at: 'key',
          message: `${input.source.template.name} has no parameter ${name}; its parameters: ${Object.keys(input.source.template.parameters).join(', ') || 'none'}`,
        });
        continue;
      }
      const wrong = checkParameter(value, spec, name, input.source.template.name);
      if (wrong) problems.push({ path, message: wrong });
    }
  }
  if (problems.length > 0) return { problems };

  let desired: DesiredScps;
  try {
    desired = await desiredFromLayout(layout, baseDir);
  } catch (error) {
    if (!isAwsarchError(error)) throw error;
    return { problems: [{ path: ['scps'], message: error.message }] };
  }
  const firstNaming = (name: string) =>
    [...selected.values()].find(
      (policy) =>
        policy.text.toLowerCase() === name.toLowerCase() ||
        (policy.input?.kind === 'template' && policy.input.source.template.name === name) ||
        (policy.input?.kind === 'document' && policy.input.name === name),
    )?.path ?? ['scps'];
  for (const report of desired.reports) {
    for (const issue of report.issues.filter((candidate) => candidate.severity === 'error')) {
      problems.push({
        path: firstNaming(report.name),
        message: `SCP ${report.name} does not validate: ${issue.path || '(document)'}: ${issue.message}`,
      });
    }
  }
  return problems.length > 0 ? { problems } : { problems, desired };
}
