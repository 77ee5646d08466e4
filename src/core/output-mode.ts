import { ERR } from './error-codes.js';
import { usageError } from './errors.js';

export const OUTPUT_MODES = ['auto', 'tui', 'plain', 'json'] as const;
/** --output: which IO host renders the run (ui/create-host.ts); `auto` picks tui or plain. */
export type OutputMode = (typeof OUTPUT_MODES)[number];

export function parseOutputMode(value: string): OutputMode {
  if ((OUTPUT_MODES as readonly string[]).includes(value)) return value as OutputMode;
  throw usageError(ERR.BAD_OUTPUT, `--output must be one of ${OUTPUT_MODES.join(', ')}; got "${value}"`);
}
