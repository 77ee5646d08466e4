import { z } from 'zod';
import { DOCUMENT_VERSIONS, type DocumentKind } from '../kinds.js';

/** An ISO-8601 time in UTC, e.g. 2026-11-24T08:00:00.000Z. */
export const isoTime = z.string().meta({ format: 'date-time' });
export const accountId = z.string().regex(/^\d{12}$/);
export const count = z.int().nonnegative();
export const milliseconds = z.number().nonnegative();
/** A problem with what to do about it, as errors are reported everywhere. */
export const errorInfo = z
  .object({
    code: z.string().describe('stable error code'),
    message: z.string(),
    hint: z.string().optional().describe('what to do about it'),
  })
  .meta({ id: 'ErrorInfo' });
export const tags = z.record(z.string(), z.string());

type DocumentMeta = { title: string; description: string };

/** A document: its envelope (schemaVersion, kind) and its fields; the JSON Schema of schemas/<kind>.schema.json. */
export function documentSchema<K extends DocumentKind, S extends z.ZodRawShape>(kind: K, meta: DocumentMeta, shape: S) {
  return z
    .object({
      schemaVersion: z.literal(DOCUMENT_VERSIONS[kind]).describe('version of this kind of document'),
      kind: z.literal(kind).describe('which document this is: schemas/<kind>.schema.json'),
      ...shape,
    })
    .meta(meta);
}
