import type { NormalizedSchema } from '@smithy/core/schema';
import type { XmlValue } from '../xml-parse.js';

/** How an XML protocol names members: ec2Query lowercases the first letter where the model gives no name. */
export interface XmlFlavor {
  readonly ec2: boolean;
}

interface XmlTraits {
  xmlName?: string;
  xmlFlattened?: 1 | boolean;
  xmlAttribute?: 1 | boolean;
  httpHeader?: string;
  httpPrefixHeaders?: string;
  httpResponseCode?: 1;
  httpPayload?: 1;
}

/** The element name a member is written under. */
export function xmlMemberName(name: string, member: NormalizedSchema, flavor: XmlFlavor): string {
  const traits = member.getMergedTraits() as XmlTraits;
  if (traits.xmlName) return traits.xmlName;
  return flavor.ec2 ? name.charAt(0).toLowerCase() + name.slice(1) : name;
}

/** Whether a member travels in the XML body (not in a header, the status line or as an attribute). */
export function isBodyMember(member: NormalizedSchema): boolean {
  const traits = member.getMergedTraits() as XmlTraits;
  return !traits.httpHeader && !traits.httpPrefixHeaders && !traits.httpResponseCode && !traits.xmlAttribute;
}

/** Appends every place where the parsed XML `value` is not what `schema` allows. */
export function checkXmlValue(
  schema: NormalizedSchema,
  value: XmlValue,
  path: string,
  flavor: XmlFlavor,
  problems: string[],
): void {
  if (schema.isStructSchema() || schema.isUnionSchema()) {
    if (value === '') return; // <Empty/>
    if (typeof value !== 'object' || Array.isArray(value))
      return void problems.push(`${path}: expected a structure (${schema.getName()})`);
    const members = new Map<string, NormalizedSchema>();
    for (const [name, member] of schema.structIterator()) {
      if (isBodyMember(member)) members.set(xmlMemberName(name, member, flavor), member);
    }
    for (const [element, child] of Object.entries(value)) {
      const member = members.get(element);
      if (!member) {
        problems.push(`${path}.${element}: not a member of ${schema.getName()}`);
        continue;
      }
      const flattened = Boolean((member.getMergedTraits() as XmlTraits).xmlFlattened);
      if (Array.isArray(child) && !flattened) {
        problems.push(`${path}.${element}: repeated, but ${schema.getName()} has it once`);
        continue;
      }
      if (flattened) checkFlattened(member, child, `${path}.${element}`, flavor, problems);
      else checkXmlValue(member, child, `${path}.${element}`, flavor, problems);
    }
    return;
  }
  if (schema.isListSchema()) {
    if (value === '') return;
    if (typeof value !== 'object' || Array.isArray(value))
      return void problems.push(`${path}: expected a list (${schema.getName()})`);
    const item = schema.getValueSchema();
    const itemName = (item.getMergedTraits() as XmlTraits).xmlName ?? (flavor.ec2 ? 'item' : 'member');
    for (const [element, children] of Object.entries(value)) {
      if (element !== itemName) {
        problems.push(`${path}.${element}: list items of ${schema.getName()} are <${itemName}>`);
        continue;
      }
      for (const [index, child] of asList(children).entries())
        checkXmlValue(item, child, `${path}[${index}]`, flavor, problems);
    }
    return;
  }
  if (schema.isMapSchema()) {
    if (value === '') return;
    if (typeof value !== 'object' || Array.isArray(value))
      return void problems.push(`${path}: expected a map (${schema.getName()})`);
    for (const [element, entries] of Object.entries(value)) {
      if (element !== 'entry') {
        problems.push(`${path}.${element}: map entries of ${schema.getName()} are <entry>`);
        continue;
      }
      for (const entry of asList(entries)) checkMapEntry(schema, entry, path, flavor, problems);
    }
    return;
  }
  if (typeof value !== 'string') return void problems.push(`${path}: expected text, got an element`);
  const problem = simpleXmlProblem(schema, value);
  if (problem) problems.push(`${path}: ${problem}`);
}

function checkFlattened(
  member: NormalizedSchema,
  value: XmlValue,
  path: string,
  flavor: XmlFlavor,
  problems: string[],
): void {
  if (member.isListSchema()) {
    const item = member.getValueSchema();
    for (const [index, child] of asList(value).entries())
      checkXmlValue(item, child, `${path}[${index}]`, flavor, problems);
  } else if (member.isMapSchema()) {
    for (const entry of asList(value)) checkMapEntry(member, entry, path, flavor, problems);
  } else {
    checkXmlValue(member, value, path, flavor, problems);
  }
}

function checkMapEntry(
  map: NormalizedSchema,
  entry: XmlValue,
  path: string,
  flavor: XmlFlavor,
  problems: string[],
): void {
  if (typeof entry !== 'object' || Array.isArray(entry))
    return void problems.push(`${path}: a map entry needs <key> and <value>`);
  const keyName = (map.getKeySchema().getMergedTraits() as XmlTraits).xmlName ?? 'key';
  const valueName = (map.getValueSchema().getMergedTraits() as XmlTraits).xmlName ?? 'value';
  const key = entry[keyName];
  if (typeof key !== 'string') return void problems.push(`${path}: a map entry without <${keyName}>`);
  for (const element of Object.keys(entry))
    if (element !== keyName && element !== valueName)
      problems.push(`${path}{${key}}.${element}: not part of a map entry`);
  const entryValue = entry[valueName];
  if (entryValue !== undefined) checkXmlValue(map.getValueSchema(), entryValue, `${path}{${key}}`, flavor, problems);
}

function simpleXmlProblem(schema: NormalizedSchema, text: string): string | undefined {
  if (schema.isTimestampSchema()) {
    const format = schema.getSchema() as number;
    if (format === 7) return /^\d+(\.\d+)?$/.test(text) ? undefined : `expected epoch seconds, got '${text}'`;
    if (format === 6) return Number.isNaN(Date.parse(text)) ? `expected an HTTP date, got '${text}'` : undefined;
    // XML protocols default to ISO 8601 date-time.
    return /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:?\d\d)$/.test(text)
      ? undefined
      : `expected an ISO 8601 timestamp, got '${text}'`;
  }
  if (schema.isBooleanSchema())
    return text === 'true' || text === 'false' ? undefined : `expected true or false, got '${text}'`;
  if (schema.isNumericSchema() || schema.isBigIntegerSchema() || schema.isBigDecimalSchema())
    return /^-?\d+(\.\d+)?([eE][-+]?\d+)?$|^(NaN|-?Infinity)$/.test(text)
      ? undefined
      : `expected a number, got '${text}'`;
  return undefined;
}

function asList(value: XmlValue): XmlValue[] {
  return Array.isArray(value) ? value : [value];
}
