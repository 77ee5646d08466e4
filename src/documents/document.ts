import type { DocumentFields } from './catalog.js';
import { DOCUMENT_VERSIONS, isDocumentKind, type DocumentKind } from './kinds.js';

type DeepReadonly<T> = T extends readonly (infer U)[]
  ? ReadonlyArray<DeepReadonly<U>>
  : T extends object
    ? { readonly [P in keyof T]: DeepReadonly<T[P]> }
    : T;

/** Omit on each member of a union (the event document is one of several shapes). */
export type DistributiveOmit<T, Key extends PropertyKey> = T extends unknown ? Omit<T, Key> : never;

/** The fields of a document of kind K without its envelope, as its schema describes them. */
export type DocumentBody<K extends DocumentKind> = DeepReadonly<
  DistributiveOmit<DocumentFields<K>, 'schemaVersion' | 'kind'>
>;

/** What every document starts with: which schema applies (schemas/<kind>.schema.json) and its version. */
export interface DocumentEnvelope<K extends DocumentKind = DocumentKind> {
  readonly schemaVersion: number;
  readonly kind: K;
}

/** A JSON document as `--output json` prints it: the envelope, then the fields of its kind. */
export type JsonDocument<K extends DocumentKind = DocumentKind> = DocumentEnvelope<K> & DocumentBody<K>;

/** Wraps a document's fields in its envelope; the fields are type-checked against the kind's schema. */
export function toDocument<K extends DocumentKind>(kind: K, body: NoInfer<DocumentBody<K>>): JsonDocument<K> {
  return { schemaVersion: DOCUMENT_VERSIONS[kind], kind, ...body } as JsonDocument<K>;
}

/** True for a value that carries a known kind and its schema version: only such values may be printed. */
export function isJsonDocument(value: unknown): value is JsonDocument {
  if (typeof value !== 'object' || value === null) return false;
  const { kind, schemaVersion } = value as { kind?: unknown; schemaVersion?: unknown };
  return isDocumentKind(kind) && schemaVersion === DOCUMENT_VERSIONS[kind];
}

/** The error document: what a failed command prints instead of its result. */
export function errorDocument(error: {
  code: string;
  message: string;
  hint?: string;
  details?: Readonly<Record<string, unknown>>;
}): JsonDocument<'error'> {
  return toDocument('error', {
    error: { code: error.code, message: error.message, hint: error.hint, details: error.details },
  });
}
