/** An XML element as plain data: text-only elements become strings, repeated children arrays. */
export type XmlValue = string | XmlObject | XmlValue[];
export interface XmlObject {
  [name: string]: XmlValue;
}

/** Thrown for a request body that is not well-formed enough to read. */
export class XmlParseError extends Error {}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|lt|gt|amp|quot|apos);/g, (_match, entity: string) => {
    if (entity.startsWith('#x')) return String.fromCodePoint(Number.parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(Number(entity.slice(1)));
    return ENTITIES[entity] ?? '';
  });
}

/**
 * Reads a small XML document (an S3 request body such as CreateBucketConfiguration) into its root
 * element's name and content. Attributes, comments and processing instructions are skipped; this
 * is enough for request bodies, not a general XML parser.
 */
export function parseXmlDocument(text: string): { root: string; value: XmlValue } | undefined {
  const body = text
    .replace(/<\?[\s\S]*?\?>/g, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .trim();
  if (body === '') return undefined;
  let position = 0;

  const readElement = (): { name: string; value: XmlValue } => {
    const open = /^<([A-Za-z_][\w.:-]*)[^>]*?(\/?)>/.exec(body.slice(position));
    if (!open) throw new XmlParseError(`expected an element at offset ${position}`);
    position += open[0].length;
    const name = (open[1] as string).replace(/^[\w-]+:/, '');
    if (open[2] === '/') return { name, value: '' };
    const children: XmlObject = {};
    let text = '';
    let hasChildren = false;
    for (;;) {
      const next = body.indexOf('<', position);
      if (next < 0) throw new XmlParseError(`element <${name}> is not closed`);
      text += body.slice(position, next);
      position = next;
      if (body.startsWith('</', position)) {
        const close = /^<\/[^>]*>/.exec(body.slice(position));
        position += close ? close[0].length : 2;
        break;
      }
      const child = readElement();
      hasChildren = true;
      const existing = children[child.name];
      if (existing === undefined) children[child.name] = child.value;
      else if (Array.isArray(existing)) existing.push(child.value);
      else children[child.name] = [existing, child.value];
    }
    return { name, value: hasChildren ? children : decodeEntities(text.trim()) };
  };

  const { name, value } = readElement();
  return { root: name, value };
}
