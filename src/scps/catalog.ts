import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { usageError } from '../core/errors.js';
import { JsonSyntaxError, parseJsonWithPositions } from './json-source.js';
import { templateSchema, type ScpTemplate, type TemplateSource } from './template-model.js';
import { ERR } from '../core/error-codes.js';

/** templates/scps next to dist/ (and src/ when tests run from source). */
export const BUNDLED_TEMPLATE_DIR = fileURLToPath(new URL('../../templates/scps/', import.meta.url));

/** Every bundled template, sorted by name; a broken bundled template is a bug and throws. */
export async function loadBundledTemplates(dir = BUNDLED_TEMPLATE_DIR): Promise<TemplateSource[]> {
  const files = (await readdir(dir)).filter((file) => file.endsWith('.json')).sort();
  const sources = await Promise.all(
    files.map(async (file) => {
      const path = join(dir, file);
      const text = await readFile(path, 'utf8');
      return { template: parseTemplate(text, path), origin: 'bundled', text };
    }),
  );
  return sources.sort((a, b) => a.template.name.localeCompare(b.template.name));
}

/** A bundled template by name (case-insensitive) or file stem (deny-public-s3). */
export function findBundled(templates: readonly TemplateSource[], key: string): TemplateSource | undefined {
  const wanted = key.toLowerCase().replace(/-/g, '');
  return templates.find((source) => source.template.name.toLowerCase() === wanted);
}

/** What a NAME|FILE argument refers to. */
export type PolicyInput =
  | { kind: 'template'; source: TemplateSource }
  /** A plain policy document in a file, validated as it is. */
  | { kind: 'document'; path: string; text: string; name: string };

/** Resolves a command argument: a bundled template's name, or a file (a template or a plain policy), found at `path`. */
export async function resolvePolicyInput(
  templates: readonly TemplateSource[],
  key: string,
  path = key,
): Promise<PolicyInput> {
  const bundled = findBundled(templates, key);
  if (bundled) return { kind: 'template', source: bundled };
  const isFile = await stat(path).then(
    (info) => info.isFile(),
    () => false,
  );
  if (!isFile) {
    throw usageError(
      ERR.UNKNOWN_SCP,
      `"${key}" is neither a bundled SCP nor a file`,
      `bundled SCPs: ${templates.map((source) => source.template.name).join(', ')}`,
    );
  }
  const text = await readFile(path, 'utf8');
  if (looksLikeTemplate(text))
    return { kind: 'template', source: { template: parseTemplate(text, path), origin: path, text } };
  return { kind: 'document', path, text, name: policyNameFromFile(path) };
}

/** A policy name from a file name: my-guardrail.json -> MyGuardrail. */
export function policyNameFromFile(path: string): string {
  const stem = basename(path, extname(path));
  const name = stem
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]?.toUpperCase() + part.slice(1))
    .join('');
  return /^[A-Za-z]/.test(name) ? name : `Scp${name}`;
}

function looksLikeTemplate(text: string): boolean {
  try {
    const value = JSON.parse(text) as Record<string, unknown>;
    return typeof value === 'object' && value !== null && 'document' in value && 'name' in value;
  } catch {
    return false;
  }
}

/** Parses and checks a template file; errors name the file and the place. */
export function parseTemplate(text: string, source: string): ScpTemplate {
  let value: unknown;
  try {
    value = parseJsonWithPositions(text).value;
  } catch (error) {
    if (error instanceof JsonSyntaxError) throw usageError(ERR.BAD_TEMPLATE, `${source}: ${error.message}`);
    throw error;
  }
  const parsed = templateSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length
      ? issue.path
          .map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`))
          .join('')
          .replace(/^\./, '')
      : '(top level)';
    throw usageError(
      ERR.BAD_TEMPLATE,
      `${source}: ${where}: ${issue?.message ?? 'invalid template'}`,
      'see templates/scps/*.json for the template format',
    );
  }
  return parsed.data;
}
