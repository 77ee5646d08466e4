/** The process streams a host writes to; tests pass fakes. */
export interface Terminal {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: Record<string, string | undefined>;
}

export function processTerminal(): Terminal {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env };
}

/** CI systems set CI; a TUI there would fill logs with redraws. */
export function isCi(env: Record<string, string | undefined>): boolean {
  const value = env.CI;
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}

/**
 * Whether the TUI may use colour (clig.dev): not with --no-color; FORCE_COLOR forces it on (off when it is
 * 0 or false); NO_COLOR (any non-empty value) and TERM=dumb turn it off. Plain and JSON output never colour.
 */
export function colourEnabled(env: Record<string, string | undefined>, noColorFlag: boolean): boolean {
  if (noColorFlag) return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') return !/^(0|false)$/i.test(force);
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return env.TERM !== 'dumb';
}

/** SGR sequences (colour, bold, dim); cursor movement and erasing are left alone. */
const SGR = /\u001b\[[0-9;]*m/g;

/** The stream with every colour sequence removed from what is written to it; all else passes through. */
export function withoutColour<T extends NodeJS.WritableStream>(stream: T): T {
  return new Proxy(stream, {
    get(target, property) {
      if (property === 'write')
        return (chunk: unknown, ...rest: unknown[]) =>
          (target.write as (...args: unknown[]) => boolean)(
            typeof chunk === 'string'
              ? chunk.replace(SGR, '')
              : Buffer.isBuffer(chunk)
                ? chunk.toString().replace(SGR, '')
                : chunk,
            ...rest,
          );
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
