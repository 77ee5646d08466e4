import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';

/** Where something is in a file: 1-based line and column. */
export interface FilePosition {
  line: number;
  column: number;
}

/** A path into the parsed document: keys and array indexes, as zod reports them. */
export type DocumentPath = ReadonlyArray<PropertyKey>;

/** A parsed YAML (or JSON) file that can say where each value came from. */
export interface YamlSource {
  path: string;
  text: string;
  value: unknown;
  /** The position of the value at `path`, or of the nearest enclosing value that exists. */
  positionOf(path: DocumentPath, at?: 'key' | 'value'): FilePosition | undefined;
}

export class YamlSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: FilePosition | undefined,
  ) {
    super(message);
    this.name = 'YamlSyntaxError';
  }
}

/** Parses text as YAML 1.2 (JSON is YAML); the first syntax error is thrown with its position. */
export function parseYamlSource(text: string, path: string): YamlSource {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const first = document.errors[0];
  if (first) {
    const offset = first.pos[0];
    const { line, col } = lineCounter.linePos(offset);
    throw new YamlSyntaxError(first.message.split('\n')[0] ?? 'invalid YAML', { line, column: col });
  }
  const value: unknown = document.toJS({ maxAliasCount: 100 });
  return {
    path,
    text,
    value,
    positionOf: (target, at = 'value') => locate(document, lineCounter, target, at),
  };
}

function locate(
  document: Document,
  lineCounter: LineCounter,
  path: DocumentPath,
  at: 'key' | 'value',
): FilePosition | undefined {
  let node: unknown = document.contents;
  let best: Node | undefined = (node as Node | null) ?? undefined;
  for (const [index, part] of path.entries()) {
    const last = index === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(part));
      if (!pair) break;
      if (last && at === 'key' && isScalar(pair.key)) {
        best = pair.key;
        break;
      }
      node = pair.value;
      best = (pair.value as Node | null) ?? (isScalar(pair.key) ? pair.key : best);
    } else if (isSeq(node) && typeof part === 'number') {
      const item = node.items[part];
      if (item === undefined) break;
      node = item;
      best = item as Node;
    } else {
      break;
    }
  }
  const offset = best?.range?.[0];
  if (offset === undefined) return undefined;
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}

/** "accounts[2].email" from ['accounts', 2, 'email']. */
export function formatDocumentPath(path: DocumentPath): string {
  if (path.length === 0) return '(top level)';
  return path
    .map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`))
    .join('')
    .replace(/^\./, '');
}
