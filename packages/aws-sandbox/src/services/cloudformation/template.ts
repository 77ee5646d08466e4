import { parse, type Tags } from 'yaml';
import { SandboxServiceError } from '../../errors.js';

/** A CloudFormation template as far as the stand-in reads it. */
export interface Template {
  Description?: string;
  Parameters?: Record<string, { Type?: string; Default?: unknown; AllowedPattern?: string; NoEcho?: boolean }>;
  Mappings?: Record<string, Record<string, Record<string, unknown>>>;
  Conditions?: Record<string, unknown>;
  Resources?: Record<string, TemplateResource>;
  Outputs?: Record<string, { Value?: unknown; Description?: string; Condition?: string; Export?: { Name?: unknown } }>;
  Rules?: unknown;
}

export interface TemplateResource {
  Type: string;
  Properties?: Record<string, unknown>;
  DependsOn?: string | string[];
  Condition?: string;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
  Metadata?: unknown;
}

const INTRINSICS = [
  'Base64',
  'Cidr',
  'FindInMap',
  'GetAtt',
  'GetAZs',
  'ImportValue',
  'Join',
  'Select',
  'Split',
  'Sub',
  'Transform',
  'And',
  'Equals',
  'If',
  'Not',
  'Or',
];

/** YAML tags for the short form of intrinsic functions (!Ref, !Sub, !GetAtt a.b, …). */
function cloudFormationTags(): Tags {
  const tags: Tags = [];
  const add = (name: string, toValue: (value: unknown) => unknown) => {
    tags.push({ tag: `!${name}`, resolve: (value: string) => toValue(value) });
    tags.push({
      tag: `!${name}`,
      collection: 'seq',
      resolve: (value) => toValue((value as { toJSON(): unknown }).toJSON()),
    });
    tags.push({
      tag: `!${name}`,
      collection: 'map',
      resolve: (value) => toValue((value as { toJSON(): unknown }).toJSON()),
    });
  };
  add('Ref', (value) => ({ Ref: value }));
  add('Condition', (value) => ({ Condition: value }));
  for (const name of INTRINSICS)
    add(name, (value) => ({
      [`Fn::${name}`]: name === 'GetAtt' && typeof value === 'string' ? value.split('.') : value,
    }));
  return tags;
}

/** Recently parsed templates: a stack operation evaluates its template at every step. */
const parsed = new Map<string, Template>();
const CACHED_TEMPLATES = 8;

/** Parses a template body, JSON or YAML (with CloudFormation's short-form tags). The result must not be mutated. */
export function parseTemplate(body: string): Template {
  const cached = parsed.get(body);
  if (cached) return cached;
  const template = parseTemplateBody(body);
  if (parsed.size >= CACHED_TEMPLATES) parsed.delete(parsed.keys().next().value as string);
  parsed.set(body, template);
  return template;
}

function parseTemplateBody(body: string): Template {
  let document: unknown;
  try {
    document = body.trimStart().startsWith('{')
      ? JSON.parse(body)
      : parse(body, { customTags: cloudFormationTags(), maxAliasCount: -1 });
  } catch (error) {
    throw new SandboxServiceError(
      'ValidationError',
      `Template format error: ${(error as Error).message.split('\n')[0]}`,
    );
  }
  if (typeof document !== 'object' || document === null)
    throw new SandboxServiceError('ValidationError', 'Template format error: JSON not well-formed.');
  const template = document as Template;
  if (!template.Resources || Object.keys(template.Resources).length === 0) {
    throw new SandboxServiceError(
      'ValidationError',
      'Template format error: At least one Resources member must be defined.',
    );
  }
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    if (typeof resource?.Type !== 'string')
      throw new SandboxServiceError(
        'ValidationError',
        `Template format error: [/Resources/${logicalId}] Every Resources object must contain a Type member.`,
      );
  }
  return template;
}
