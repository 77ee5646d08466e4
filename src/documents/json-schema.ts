import { z } from 'zod';
import { landingZoneJsonSchema } from '../landing-zone/file/schema.js';
import { DOCUMENT_CATALOG } from './catalog.js';
import { DOCUMENT_KINDS, DOCUMENT_VERSIONS, FILE_FORMAT_SCHEMA_FILES, type DocumentKind } from './kinds.js';

type JsonObject = { [key: string]: unknown };

const COMPATIBILITY =
  'Within a schemaVersion a document only gains fields: consumers must ignore fields they do not know, so ' +
  'objects allow additional properties. Removing or renaming a field, changing its type or meaning, making it ' +
  'optional, or adding a value to an enum is a breaking change: it bumps schemaVersion and is listed in the CHANGELOG.';

export const schemaFileName = (kind: DocumentKind) => `${kind}.schema.json`;

/** Applies `visit` to every schema object in a JSON Schema, depth first. */
function walk(node: unknown, visit: (schema: JsonObject) => void): void {
  if (Array.isArray(node)) {
    for (const item of node) walk(item, visit);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  for (const value of Object.values(node)) walk(value, visit);
  visit(node as JsonObject);
}

/**
 * The JSON Schema (draft 2020-12) published as schemas/<kind>.schema.json. Objects are open (no
 * `additionalProperties: false`): additive changes within a version must not break a consumer's validation.
 */
export function publishedJsonSchema(kind: DocumentKind): JsonObject {
  const generated = z.toJSONSchema(DOCUMENT_CATALOG[kind].schema, {
    target: 'draft-2020-12',
    unrepresentable: 'throw',
  });
  walk(generated, (schema) => {
    if (schema.additionalProperties === false) delete schema.additionalProperties;
    // zod states JavaScript's safe-integer range on every integer; it says nothing about the document.
    if (schema.minimum === Number.MIN_SAFE_INTEGER) delete schema.minimum;
    if (schema.maximum === Number.MAX_SAFE_INTEGER) delete schema.maximum;
  });
  const { $schema, title, description, ...rest } = generated as JsonObject;
  return {
    $schema,
    $id: `urn:awsarch:${kind}:${DOCUMENT_VERSIONS[kind]}`,
    title,
    description,
    $comment: COMPATIBILITY,
    ...rest,
  };
}

/** How each file format's schema (FILE_FORMAT_SCHEMA_FILES) is made. */
const FILE_FORMAT_SCHEMAS: Readonly<Record<(typeof FILE_FORMAT_SCHEMA_FILES)[number], () => unknown>> = {
  'landing-zone.schema.json': landingZoneJsonSchema,
};

const asFile = (schema: unknown) => `${JSON.stringify(schema, null, 2)}\n`;

/** Every published schema by file name, as `npm run schemas` writes them (2-space JSON, final newline). */
export function publishedSchemaFiles(): Map<string, string> {
  return new Map([
    ...DOCUMENT_KINDS.map((kind): [string, string] => [schemaFileName(kind), asFile(publishedJsonSchema(kind))]),
    ...Object.entries(FILE_FORMAT_SCHEMAS).map(([name, schema]): [string, string] => [name, asFile(schema())]),
  ]);
}

const OUTPUT_WORDS = {
  document: 'stdout',
  'stdout-line': 'stdout, one line each (NDJSON)',
  'stderr-line': 'stderr, one line each (NDJSON)',
} as const;

/** The README's table of documents: command, when, kind, version, where, schema file. */
export function documentTableMarkdown(): string {
  const rows = DOCUMENT_KINDS.map((kind) => {
    const entry: { commands: readonly string[]; output: keyof typeof OUTPUT_WORDS; when?: string } =
      DOCUMENT_CATALOG[kind];
    const commands = entry.commands.map((command) => (command === '*' ? 'any' : `\`${command}\``)).join(', ');
    return [
      commands,
      entry.when ?? '',
      `\`${kind}\``,
      String(DOCUMENT_VERSIONS[kind]),
      OUTPUT_WORDS[entry.output],
      `[schemas/${schemaFileName(kind)}](schemas/${schemaFileName(kind)})`,
    ];
  });
  const header = ['command', 'when', 'kind', 'schemaVersion', 'printed on', 'schema'];
  return [header, header.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}
