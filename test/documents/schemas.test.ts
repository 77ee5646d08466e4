import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { commandPaths } from '../../src/cli.js';
import { DOCUMENT_CATALOG, type DocumentEntry } from '../../src/documents/catalog.js';
import { documentTableMarkdown, publishedJsonSchema, schemaFileName } from '../../src/documents/json-schema.js';
import { DOCUMENT_KINDS, DOCUMENT_VERSIONS, FILE_FORMAT_SCHEMA_FILES } from '../../src/documents/kinds.js';
import { closedSchema, loadSchemas } from '../helpers/json-documents.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const SCHEMAS = join(ROOT, 'schemas');

/** Every schema object in a JSON Schema. */
function* subschemas(node: unknown): Generator<Record<string, unknown>> {
  if (Array.isArray(node)) for (const item of node) yield* subschemas(item);
  else if (typeof node === 'object' && node !== null) {
    yield node as Record<string, unknown>;
    for (const value of Object.values(node)) yield* subschemas(value);
  }
}

describe('the published JSON Schemas (schemas/)', () => {
  it('compile with ajv in strict mode, open as published and closed as the tests use them', () => {
    for (const closed of [false, true]) {
      const schemas = loadSchemas({ closed });
      expect([...schemas.keys()].sort()).toEqual([...DOCUMENT_KINDS].sort());
    }
  });

  it('are what `npm run schemas` generates from src/documents (run it after changing a document)', () => {
    const files = readdirSync(SCHEMAS).filter((name) => name.endsWith('.schema.json'));
    expect(files.sort()).toEqual([...DOCUMENT_KINDS.map(schemaFileName), ...FILE_FORMAT_SCHEMA_FILES].sort());
    for (const kind of DOCUMENT_KINDS) {
      const onDisk = JSON.parse(readFileSync(join(SCHEMAS, schemaFileName(kind)), 'utf8'));
      expect(onDisk, `schemas/${schemaFileName(kind)} is out of date: run npm run schemas`).toEqual(
        publishedJsonSchema(kind),
      );
    }
  });

  it('name their kind and version as constants, both required, and say where they come from', () => {
    for (const kind of DOCUMENT_KINDS) {
      const schema = publishedJsonSchema(kind);
      expect(schema).toMatchObject({
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        $id: `urn:awsarch:${kind}:${DOCUMENT_VERSIONS[kind]}`,
        title: expect.stringMatching(/^awsarch /),
        description: expect.any(String),
      });
      const variants = (schema.oneOf as Record<string, unknown>[] | undefined) ?? [schema];
      for (const variant of variants) {
        expect(variant.required).toEqual(expect.arrayContaining(['schemaVersion', 'kind']));
        expect(variant.properties).toMatchObject({
          schemaVersion: { const: DOCUMENT_VERSIONS[kind] },
          kind: { const: kind },
        });
      }
    }
  });

  it('leave objects open: consumers tolerate added fields', () => {
    for (const kind of DOCUMENT_KINDS)
      for (const schema of subschemas(publishedJsonSchema(kind)))
        expect(schema.additionalProperties, `${kind}: a closed object cannot gain fields`).not.toBe(false);
  });

  it('accept an added field when published, and reject it when closed (the tests catch undocumented fields)', () => {
    const validator = () => {
      const ajv = new Ajv2020({ strict: true });
      formats.default(ajv);
      return ajv;
    };
    const document = {
      schemaVersion: 1,
      kind: 'sandbox-reset',
      stateDir: '/tmp/x',
      reset: true,
      addedLater: 1,
    };
    const published = validator().compile(publishedJsonSchema('sandbox-reset'));
    const closed = validator().compile(closedSchema(publishedJsonSchema('sandbox-reset')) as object);
    expect(published(document)).toBe(true);
    expect(closed(document)).toBe(false);
    const { addedLater: _added, ...documented } = document;
    expect(closed(documented)).toBe(true);
    expect(published({ ...document, reset: 'yes' })).toBe(false);
    expect(published({ ...document, schemaVersion: 2 })).toBe(false);
  });
});

describe('the document catalog', () => {
  it('names a document for every command, and only commands that exist', () => {
    const commands = commandPaths();
    const named = new Set(Object.values(DOCUMENT_CATALOG).flatMap((entry): readonly string[] => entry.commands));
    const withoutDocument = commands.filter((command) => !named.has(command));
    expect(withoutDocument, 'commands that could print JSON without a schema').toEqual([]);
    expect([...named].filter((command) => command !== '*' && !commands.includes(command))).toEqual([]);
  });

  it('says when a command prints which document, where a command prints more than one', () => {
    const byCommand = new Map<string, string[]>();
    for (const kind of DOCUMENT_KINDS)
      for (const command of DOCUMENT_CATALOG[kind].commands)
        byCommand.set(command, [...(byCommand.get(command) ?? []), kind]);
    for (const [command, kinds] of byCommand) {
      if (kinds.length < 2) continue;
      for (const kind of kinds) {
        const entry: DocumentEntry = DOCUMENT_CATALOG[kind as keyof typeof DOCUMENT_CATALOG];
        expect(entry.when, `${command}: ${kind}`).toBeTruthy();
      }
    }
  });

  it("is the README's table of documents (run npm run schemas after changing it)", () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = /<!-- documents:start -->([\s\S]*?)<!-- documents:end -->/.exec(readme)?.[1] ?? '';
    const cells = (table: string) =>
      table
        .trim()
        .split('\n')
        .filter((line) => !/^\|[\s|-]+\|$/.test(line))
        .map((line) =>
          line
            .split('|')
            .slice(1, -1)
            .map((cell) => cell.trim()),
        );
    expect(cells(section)).toEqual(cells(documentTableMarkdown()));
  });

  it('ships the schemas with the package', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { files: string[] };
    expect(manifest.files).toContain('schemas');
  });
});
