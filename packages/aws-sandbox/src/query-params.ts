import type { ProtocolRequest } from './types.js';

type RawNode = { [segment: string]: RawNode | string };

/**
 * Turns flattened query parameters into nested values without a schema:
 * `Tags.member.1.Key=a` (awsQuery lists), `Filter.1.Value.1=b` (ec2Query lists) become arrays,
 * `Attributes.entry.1.key/value` becomes a record. Values stay strings; an empty list arrives as ''.
 */
export function parseQueryParameters(entries: Iterable<readonly [string, string]>): Record<string, unknown> {
  const root: RawNode = Object.create(null) as RawNode;
  for (const [key, value] of entries) {
    const segments = key.split('.');
    if (segments.includes('__proto__')) continue;
    let node = root;
    for (const [index, segment] of segments.entries()) {
      if (index === segments.length - 1) {
        if (typeof node[segment] !== 'object') node[segment] = value;
        break;
      }
      let child = node[segment];
      if (typeof child !== 'object') {
        child = Object.create(null) as RawNode;
        node[segment] = child;
      }
      node = child;
    }
  }
  return normalizeStructure(root);
}

/** The parameters of a query-protocol request: the form body of a POST and the URL's query string. */
export function readFormParameters(request: ProtocolRequest): URLSearchParams {
  const parameters = new URLSearchParams(request.query);
  const contentType = String(request.headers['content-type'] ?? '');
  if (request.body.length > 0 && (contentType === '' || contentType.includes('application/x-www-form-urlencoded'))) {
    for (const [key, value] of new URLSearchParams(request.body.toString('utf8'))) parameters.append(key, value);
  }
  return parameters;
}

function normalizeStructure(node: RawNode): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(node)) result[key] = normalize(child);
  return result;
}

function normalize(node: RawNode | string): unknown {
  if (typeof node === 'string') return node;
  const keys = Object.keys(node);
  if (keys.length > 0 && keys.every(isIndex)) {
    return keys.sort((a, b) => Number(a) - Number(b)).map((key) => normalize(node[key] as RawNode | string));
  }
  if (keys.length === 1) {
    const [only] = keys as [string];
    const wrapped = node[only] as RawNode | string;
    if ((only === 'member' || only === 'item') && isIndexedNode(wrapped)) return normalize(wrapped);
    if (only === 'entry' && isIndexedNode(wrapped)) return toRecord(normalize(wrapped) as unknown[]);
  }
  return normalizeStructure(node);
}

function toRecord(entries: unknown[]): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const entry of entries) {
    if (typeof entry === 'object' && entry !== null) {
      const { key, value } = entry as { key?: unknown; value?: unknown };
      if (typeof key === 'string') record[key] = value;
    }
  }
  return record;
}

function isIndexedNode(node: RawNode | string): node is RawNode {
  return typeof node === 'object' && Object.keys(node).length > 0 && Object.keys(node).every(isIndex);
}

function isIndex(key: string): boolean {
  return /^[1-9]\d*$/.test(key);
}
