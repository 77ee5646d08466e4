import type { OutputMode } from '../core/output-mode.js';
import type { OutputHost } from './io-host.js';
import { JsonHost } from './json-host.js';
import { PlainHost } from './plain-host.js';
import { colourEnabled, isCi, withoutColour, type Terminal } from './terminal.js';

/** Which host `auto` means here: the TUI on an interactive terminal outside CI, else plain lines. */
export function resolveOutputMode(mode: OutputMode, terminal: Terminal): Exclude<OutputMode, 'auto'> {
  if (mode !== 'auto') return mode;
  return terminal.stdout.isTTY && !isCi(terminal.env) ? 'tui' : 'plain';
}

/**
 * Whether argv (or AWSARCH_OUTPUT) asks for JSON, read without commander: when the command line itself is
 * wrong, a pipeline asking for JSON still gets the error document.
 */
export function jsonRequested(argv: readonly string[], env: Record<string, string | undefined>): boolean {
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index] ?? '';
    if (arg === '--') break;
    if (arg === '--output' || arg === '-o') return argv[index + 1] === 'json';
    const inline = /^(?:--output=|-o)(.+)$/.exec(arg);
    if (inline) return inline[1] === 'json';
  }
  return env.AWSARCH_OUTPUT === 'json';
}

/** Builds the one IO host for this run; ink is loaded only when the TUI is used. */
export async function createIoHost(
  mode: OutputMode,
  terminal: Terminal,
  verbose: boolean,
  noColor = false,
): Promise<OutputHost> {
  switch (resolveOutputMode(mode, terminal)) {
    case 'json':
      return new JsonHost(terminal, { verbose });
    case 'plain':
      return new PlainHost(terminal, { verbose });
    case 'tui': {
      const { InkHost } = await import('./ink-host.js');
      const colour = colourEnabled(terminal.env, noColor);
      const shown = colour
        ? terminal
        : { ...terminal, stdout: withoutColour(terminal.stdout), stderr: withoutColour(terminal.stderr) };
      return new InkHost(shown, { verbose, colour });
    }
  }
}
