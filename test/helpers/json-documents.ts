import { appendFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import { FILE_FORMAT_SCHEMA_FILES } from '../../src/documents/kinds.js';

const SCHEMAS_DIR = resolve(import.meta.dirname, '..', '..', 'schemas');

type JsonObject = { [key: string]: unknown };

/**
 * The published schemas with additional properties forbidden on every object that does not say otherwise:
 * consumers must tolerate new fields, but awsarch's own output may only contain fields its schema names.
 */
export function closedSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closedSchema);
  if (typeof schema !== 'object' || schema === null) return schema;
  const closed: JsonObject = Object.fromEntries(
    Object.entries(schema).map(([key, value]) => [key, key === 'properties' ? closeEach(value) : closedSchema(value)]),
  );
  if ('properties' in closed && !('additionalProperties' in closed)) closed.additionalProperties = false;
  return closed;
}

const closeEach = (properties: unknown) =>
  Object.fromEntries(Object.entries(properties as JsonObject).map(([name, value]) => [name, closedSchema(value)]));

function validatorFactory(): Ajv2020 {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  // ajv-formats is CommonJS: its function is both module.exports and module.exports.default.
  formats.default(ajv);
  return ajv;
}

/** Reads the documents' schemas/*.schema.json (not the file formats'); `closed` forbids fields the schemas do not name. */
export function loadSchemas(options: {
  closed: boolean;
}): Map<string, { schema: JsonObject; validate: ValidateFunction }> {
  const ajv = validatorFactory();
  const schemas = new Map<string, { schema: JsonObject; validate: ValidateFunction }>();
  const documents = readdirSync(SCHEMAS_DIR).filter(
    (name) => name.endsWith('.schema.json') && !(FILE_FORMAT_SCHEMA_FILES as readonly string[]).includes(name),
  );
  for (const file of documents) {
    const published = JSON.parse(readFileSync(join(SCHEMAS_DIR, file), 'utf8')) as JsonObject;
    const schema = (options.closed ? closedSchema(published) : published) as JsonObject;
    schemas.set(file.replace(/\.schema\.json$/, ''), { schema, validate: ajv.compile(schema) });
  }
  return schemas;
}

/** Closed validators by kind, each compiled the first time a document of its kind is checked. */
const closedValidators = new Map<string, ValidateFunction | undefined>();
let closedAjv: Ajv2020 | undefined;

function closedValidator(kind: string): ValidateFunction | undefined {
  if (!closedValidators.has(kind)) {
    const file = join(SCHEMAS_DIR, `${kind}.schema.json`);
    if (!/^[a-z][a-z-]*$/.test(kind) || !existsSync(file)) closedValidators.set(kind, undefined);
    else {
      closedAjv ??= validatorFactory();
      closedValidators.set(kind, closedAjv.compile(closedSchema(JSON.parse(readFileSync(file, 'utf8'))) as object));
    }
  }
  return closedValidators.get(kind);
}

/** Problems with one document: no kind, a kind without a schema, or what the (closed) schema rejects. */
export function documentProblems(document: unknown): string[] {
  const kind = (document as { kind?: unknown } | null)?.kind;
  if (typeof kind !== 'string') return ['the document names no kind'];
  const validate = closedValidator(kind);
  if (!validate) return [`there is no schema for kind "${kind}" (schemas/${kind}.schema.json)`];
  if (validate(document)) return [];
  return (validate.errors ?? []).map(
    (error) =>
      `${kind}${error.instancePath || ' (document)'}: ${error.message ?? error.keyword}${error.keyword === 'additionalProperties' ? ` (${String((error.params as { additionalProperty?: string }).additionalProperty)})` : ''}`,
  );
}

/** Where the e2e runs record each document they validated (set by test/e2e-global-setup.ts). */
export const DOCUMENT_LOG_ENV = 'AWSARCH_E2E_DOCUMENT_LOG';

export function recordValidated(kinds: readonly string[]): void {
  const dir = process.env[DOCUMENT_LOG_ENV];
  if (dir && kinds.length) appendFileSync(join(dir, `${process.pid}.log`), kinds.map((kind) => `${kind}\n`).join(''));
}
