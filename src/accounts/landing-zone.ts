import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { usageError } from '../core/errors.js';
import { ERR } from '../core/error-codes.js';

const accountSchema = z.strictObject({
  name: z.string().min(1),
  email: z.string().min(1),
  ou: z.string().min(1),
  tags: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String)).optional(),
});

const landingZoneSchema = z.strictObject({
  organizationalUnits: z.array(z.string().min(1)).default([]),
  accounts: z.array(accountSchema).default([]),
});

export type LandingZone = z.infer<typeof landingZoneSchema>;
export type LandingZoneAccount = z.infer<typeof accountSchema>;

/** Parses a landing-zone file (YAML or JSON): the OU paths and the accounts to vend. */
export function parseLandingZone(text: string, source: string): LandingZone {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw usageError(ERR.BAD_LANDING_ZONE, `${source} is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  const parsed = landingZoneSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length
      ? issue.path
          .map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`))
          .join('')
          .replace(/^\./, '')
      : '(top level)';
    throw usageError(
      ERR.BAD_LANDING_ZONE,
      `${source}: ${where}: ${issue?.message ?? 'invalid'}`,
      'see templates/landing-zone.yaml for the expected shape',
    );
  }
  return parsed.data;
}

export async function loadLandingZone(path: string): Promise<LandingZone> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw usageError(
      ERR.BAD_LANDING_ZONE,
      `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  return parseLandingZone(text, path);
}
