import type { NormalizedSchema } from '@smithy/core/schema';

/** How a JSON protocol names members and sends timestamps. */
export interface JsonFlavor {
  /** restJson1 honours the jsonName trait; awsJson1_0/1_1 use member names. */
  readonly useJsonName: boolean;
}

/** Appends to `problems` every place where `value` is not what `schema` allows (unknown members, wrong types). */
export function checkJsonValue(
  schema: NormalizedSchema,
  value: unknown,
  path: string,
  flavor: JsonFlavor,
  problems: string[],
): void {
  if (value === null) return; // sparse lists and maps; members are omitted rather than null by the encoders
  if (schema.isStructSchema() || schema.isUnionSchema()) {
    if (!isPlainObject(value)) return void problems.push(`${path}: expected a structure (${schema.getName()})`);
    const members = memberIndex(schema, flavor);
    for (const [key, memberValue] of Object.entries(value)) {
      const member = members.get(key);
      if (!member) {
        problems.push(`${path}.${key}: not a member of ${schema.getName()}`);
        continue;
      }
      checkJsonValue(member, memberValue, `${path}.${key}`, flavor, problems);
    }
    return;
  }
  if (schema.isListSchema()) {
    if (!Array.isArray(value)) return void problems.push(`${path}: expected a list (${schema.getName()})`);
    const item = schema.getValueSchema();
    value.forEach((entry, index) => checkJsonValue(item, entry, `${path}[${index}]`, flavor, problems));
    return;
  }
  if (schema.isMapSchema()) {
    if (!isPlainObject(value)) return void problems.push(`${path}: expected a map (${schema.getName()})`);
    const entry = schema.getValueSchema();
    for (const [key, entryValue] of Object.entries(value))
      checkJsonValue(entry, entryValue, `${path}{${key}}`, flavor, problems);
    return;
  }
  const problem = simpleJsonProblem(schema, value);
  if (problem) problems.push(`${path}: ${problem}`);
}

function simpleJsonProblem(schema: NormalizedSchema, value: unknown): string | undefined {
  if (schema.isDocumentSchema()) return undefined;
  if (schema.isTimestampSchema()) {
    const format = schema.getSchema() as number;
    // 5 = date-time, 6 = http-date: strings; otherwise epoch seconds, the JSON protocols' default.
    if (format === 5 || format === 6)
      return typeof value === 'string' ? undefined : `expected a timestamp string, got ${typeof value}`;
    return typeof value === 'number'
      ? undefined
      : `expected a timestamp in epoch seconds, got ${JSON.stringify(value)}`;
  }
  if (schema.isBooleanSchema())
    return typeof value === 'boolean' ? undefined : `expected a boolean, got ${typeof value}`;
  if (schema.isNumericSchema() || schema.isBigIntegerSchema() || schema.isBigDecimalSchema())
    return typeof value === 'number' ? undefined : `expected a number, got ${typeof value}`;
  if (schema.isBlobSchema()) return typeof value === 'string' ? undefined : `expected base64 text, got ${typeof value}`;
  if (schema.isStringSchema()) return typeof value === 'string' ? undefined : `expected a string, got ${typeof value}`;
  return undefined;
}

const indexes = new WeakMap<NormalizedSchema, Map<string, NormalizedSchema>>();
const jsonIndexes = new WeakMap<NormalizedSchema, Map<string, NormalizedSchema>>();

/** A structure's members by their wire name in this flavor. */
export function memberIndex(schema: NormalizedSchema, flavor: JsonFlavor): Map<string, NormalizedSchema> {
  const cache = flavor.useJsonName ? jsonIndexes : indexes;
  let index = cache.get(schema);
  if (!index) {
    index = new Map();
    for (const [name, member] of schema.structIterator()) {
      const traits = member.getMergedTraits() as { jsonName?: string };
      index.set(flavor.useJsonName ? (traits.jsonName ?? name) : name, member);
    }
    cache.set(schema, index);
  }
  return index;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
