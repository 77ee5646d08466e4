import { usageError } from '../core/errors.js';
import { elementPath, memberPath } from './json-source.js';
import { minifiedContent, scpSize } from './scp-quotas.js';
import type { ParameterValue, ScpTemplate } from './template-model.js';
import { ERR } from '../core/error-codes.js';

/** A template with its parameters filled in: what `scp apply` uploads. */
export interface RenderedScp {
  name: string;
  description: string;
  document: Record<string, unknown>;
  /** The exact text uploaded (white space outside strings removed). */
  content: string;
  size: number;
  parameters: Record<string, ParameterValue>;
  /** Path in the rendered document -> path in the template's document, for line numbers. */
  sourceMap: Map<string, string>;
}

const PLACEHOLDER = /\{\{([A-Za-z][A-Za-z0-9]*)\}\}/g;
const WHOLE_PLACEHOLDER = /^\{\{([A-Za-z][A-Za-z0-9]*)\}\}$/;

/** The JSON of `scp render`: the rendered policy without its template internals. */
export type RenderedScpDocument = Pick<
  RenderedScp,
  'name' | 'description' | 'parameters' | 'size' | 'content' | 'document'
>;

export function renderedScpDocument(rendered: RenderedScp): RenderedScpDocument {
  const { name, description, parameters, size, content, document } = rendered;
  return { name, description, parameters, size, content, document };
}

/** Parses repeated `--param key=value` options; `Policy.key=value` limits one to a policy; lists are comma-separated. */
export function parseParameterAssignments(
  assignments: readonly string[],
): Array<{ policy?: string; key: string; value: string }> {
  return assignments.map((assignment) => {
    const match = /^(?:([A-Za-z][A-Za-z0-9]*)\.)?([A-Za-z][A-Za-z0-9]*)=(.*)$/s.exec(assignment);
    if (!match)
      throw usageError(
        ERR.BAD_PARAM,
        `--param "${assignment}" is not key=value`,
        'e.g. --param allowedRegions=eu-west-1,eu-central-1 or --param RequireTags.requiredTagKeys=owner',
      );
    return { policy: match[1], key: match[2] as string, value: match[3] as string };
  });
}

/** The overrides that apply to one template: unscoped ones, then those scoped to it (which win). */
export function overridesFor(
  templateName: string,
  assignments: ReadonlyArray<{ policy?: string; key: string; value: string | string[] }>,
): Record<string, ParameterValue> {
  const result: Record<string, ParameterValue> = {};
  for (const scoped of [false, true]) {
    for (const assignment of assignments) {
      const matches = scoped
        ? assignment.policy?.toLowerCase() === templateName.toLowerCase()
        : assignment.policy === undefined;
      if (matches) result[assignment.key] = assignment.value;
    }
  }
  return result;
}

/** Pure: resolves parameters (overrides, else defaults), checks them, and fills the placeholders in. */
export function renderTemplate(template: ScpTemplate, overrides: Record<string, ParameterValue> = {}): RenderedScp {
  const parameters = resolveParameters(template, overrides);
  const sourceMap = new Map<string, string>();
  const document = renderNode(
    template.document,
    { parameters, templateName: template.name },
    '',
    '',
    sourceMap,
  ) as Record<string, unknown>;
  return {
    name: template.name,
    description: template.description,
    document,
    content: minifiedContent(document),
    size: scpSize(document),
    parameters,
    sourceMap,
  };
}

function resolveParameters(
  template: ScpTemplate,
  overrides: Record<string, ParameterValue>,
): Record<string, ParameterValue> {
  const resolved: Record<string, ParameterValue> = {};
  for (const [name, spec] of Object.entries(template.parameters)) {
    const given = overrides[name];
    let value: ParameterValue | undefined = given ?? spec.default;
    if (value === undefined) {
      throw usageError(
        ERR.MISSING_PARAM,
        `${template.name} needs the parameter ${name} (${spec.description})`,
        `pass --param ${name}=VALUE`,
      );
    }
    if (spec.type === 'list' && typeof value === 'string')
      value = value
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== '');
    if (spec.type === 'string' && Array.isArray(value)) value = value.join(',');
    const items = Array.isArray(value) ? value : [value];
    if (spec.type === 'list' && items.length === 0)
      throw usageError(ERR.BAD_PARAM, `${template.name}: ${name} needs at least one value`);
    if (spec.itemPattern) {
      const pattern = new RegExp(spec.itemPattern);
      const wrong = items.filter((item) => !pattern.test(item));
      if (wrong.length > 0) {
        throw usageError(
          ERR.BAD_PARAM,
          `${template.name}: ${name} has ${wrong.map((item) => `"${item}"`).join(', ')}, which ${wrong.length === 1 ? 'does' : 'do'} not look right (${spec.description})`,
          `values must match ${spec.itemPattern}`,
        );
      }
    }
    resolved[name] = value;
  }
  return resolved;
}

interface RenderScope {
  parameters: Record<string, ParameterValue>;
  templateName: string;
  item?: string;
  index?: number;
}

function renderNode(
  node: unknown,
  scope: RenderScope,
  templatePath: string,
  outputPath: string,
  sourceMap: Map<string, string>,
): unknown {
  sourceMap.set(outputPath, templatePath);
  if (typeof node === 'string') return renderString(node, scope);
  if (Array.isArray(node)) return renderArray(node, scope, templatePath, outputPath, sourceMap);
  if (typeof node === 'object' && node !== null) {
    const result: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      const renderedKey = interpolate(key, scope);
      result[renderedKey] = renderNode(
        value,
        scope,
        memberPath(templatePath, key),
        memberPath(outputPath, renderedKey),
        sourceMap,
      );
    }
    return result;
  }
  return node;
}

/** List placeholders inside a list are spliced in; `$forEach` statements are repeated per item. */
function renderArray(
  nodes: unknown[],
  scope: RenderScope,
  templatePath: string,
  outputPath: string,
  sourceMap: Map<string, string>,
): unknown[] {
  const result: unknown[] = [];
  nodes.forEach((node, i) => {
    const itemTemplatePath = elementPath(templatePath, i);
    const placeholder = typeof node === 'string' ? WHOLE_PLACEHOLDER.exec(node) : null;
    const forEach =
      typeof node === 'object' && node !== null && !Array.isArray(node)
        ? (node as Record<string, unknown>).$forEach
        : undefined;
    if (placeholder) {
      const value = lookup(placeholder[1] as string, scope);
      for (const item of Array.isArray(value) ? value : [value]) {
        sourceMap.set(elementPath(outputPath, result.length), itemTemplatePath);
        result.push(item);
      }
    } else if (forEach !== undefined) {
      const values = typeof forEach === 'string' ? lookup(forEach, scope) : undefined;
      if (!Array.isArray(values))
        throw templateError(scope, `"$forEach" must name a list parameter; got ${JSON.stringify(forEach)}`);
      const { $forEach: _ignored, ...body } = node as Record<string, unknown>;
      values.forEach((item, index) => {
        result.push(
          renderNode(
            body,
            { ...scope, item, index: index + 1 },
            itemTemplatePath,
            elementPath(outputPath, result.length),
            sourceMap,
          ),
        );
      });
    } else {
      result.push(renderNode(node, scope, itemTemplatePath, elementPath(outputPath, result.length), sourceMap));
    }
  });
  return result;
}

function renderString(text: string, scope: RenderScope): unknown {
  const whole = WHOLE_PLACEHOLDER.exec(text);
  if (whole) return lookup(whole[1] as string, scope);
  return interpolate(text, scope);
}

function interpolate(text: string, scope: RenderScope): string {
  return text.replace(PLACEHOLDER, (_match, name: string) => {
    const value = lookup(name, scope);
    if (Array.isArray(value)) throw templateError(scope, `{{${name}}} is a list and can only stand alone as a value`);
    return value;
  });
}

function lookup(name: string, scope: RenderScope): ParameterValue {
  if (name === 'item' && scope.item !== undefined) return scope.item;
  if (name === 'index' && scope.index !== undefined) return String(scope.index);
  const value = scope.parameters[name];
  if (value === undefined)
    throw templateError(scope, `the document uses {{${name}}}, which is not a declared parameter`);
  return value;
}

function templateError(scope: RenderScope, message: string) {
  return usageError(ERR.BAD_TEMPLATE, `template ${scope.templateName}: ${message}`);
}
