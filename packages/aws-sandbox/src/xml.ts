/** Marks a record to be written as a query-protocol map: <entry><key>k</key><value>v</value></entry>. */
export class XmlMap {
  constructor(readonly entries: Readonly<Record<string, unknown>>) {}
}

/** How lists are written: awsQuery wraps items in <member>, ec2Query in <item>. */
export type XmlListItemName = 'member' | 'item';

const XML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\r': '&#13;',
};

/** Escapes text for element content or attribute values; characters XML 1.0 forbids become U+FFFD. */
export function escapeXml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '\uFFFD')
    .replace(/[&<>"'\r]/g, (character) => XML_ESCAPES[character] ?? character);
}

/** Writes the members of a structure as child elements, skipping undefined and null. */
export function renderXmlMembers(members: Readonly<Record<string, unknown>>, listItemName: XmlListItemName): string {
  let xml = '';
  for (const [name, value] of Object.entries(members)) xml += renderXmlElement(name, value, listItemName);
  return xml;
}

/** Writes one element; Date values become ISO-8601 timestamps as AWS's XML protocols send them. */
export function renderXmlElement(name: string, value: unknown, listItemName: XmlListItemName): string {
  if (value === undefined || value === null) return '';
  if (value instanceof Date) return `<${name}>${value.toISOString()}</${name}>`;
  if (Array.isArray(value)) {
    if (value.length === 0) return `<${name}/>`;
    return `<${name}>${value.map((item) => renderXmlElement(listItemName, item, listItemName)).join('')}</${name}>`;
  }
  if (value instanceof XmlMap) {
    const entries = Object.entries(value.entries)
      .map(
        ([key, entryValue]) =>
          `<entry><key>${escapeXml(key)}</key>${renderXmlElement('value', entryValue, listItemName)}</entry>`,
      )
      .join('');
    return `<${name}>${entries}</${name}>`;
  }
  if (typeof value === 'object') {
    return `<${name}>${renderXmlMembers(value as Record<string, unknown>, listItemName)}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}
