// Pure width arithmetic for tables and lines: columns share the width, cells are truncated with "…" or
// wrapped at spaces, and a word is never split across lines.

const ELLIPSIS = '…';
const GAP = 2;

/** The columns a plain line may use: the terminal's width, else COLUMNS, else 120 (a pipe or a log). */
export function outputWidth(
  stdout: { isTTY?: boolean; columns?: number },
  env: Record<string, string | undefined>,
): number {
  if (stdout.isTTY && stdout.columns && stdout.columns > 0) return stdout.columns;
  const fromEnv = Number.parseInt(env.COLUMNS ?? '', 10);
  return Number.isFinite(fromEnv) && fromEnv >= 20 ? fromEnv : 120;
}

/** Shortens text to at most `width` characters, ending with "…" when cut (at a space when there is one near). */
export function truncate(text: string, width: number): string {
  if (text.length <= width) return text;
  if (width <= 1) return text.slice(0, Math.max(0, width));
  const cut = text.slice(0, width - 1);
  const space = cut.lastIndexOf(' ');
  return `${space >= width / 2 ? cut.slice(0, space) : cut}${ELLIPSIS}`;
}

/** Wraps text at spaces into lines of at most `width`; a word longer than a line is truncated, never split. */
export function wrapWords(text: string, width: number): string[] {
  if (text.length <= width) return [text];
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/ +/)) {
    const fitted = truncate(word, width);
    if (line === '') line = fitted;
    else if (line.length + 1 + fitted.length <= width) line = `${line} ${fitted}`;
    else {
      lines.push(line);
      line = fitted;
    }
  }
  lines.push(line);
  return lines;
}

/**
 * Column widths that fit `width` with two spaces between columns: each column as wide as its widest cell,
 * then the widest ones narrowed, one character at a time, down to a floor (its header, at most 8; the
 * last column 12). Columns that cannot narrow further keep their floor; the caller truncates the line.
 */
export function fitColumnWidths(natural: readonly number[], width: number, floors?: readonly number[]): number[] {
  const widths = [...natural];
  const floor = (i: number) => floors?.[i] ?? Math.min(natural[i] ?? 0, i === natural.length - 1 ? 12 : 8);
  let total = widths.reduce((sum, w) => sum + w, 0) + GAP * Math.max(0, widths.length - 1);
  while (total > width) {
    let widest = -1;
    widths.forEach((w, i) => {
      if (w > floor(i) && (widest < 0 || w > (widths[widest] ?? 0))) widest = i;
    });
    if (widest < 0) break;
    widths[widest] = (widths[widest] ?? 0) - 1;
    total--;
  }
  return widths;
}

export const COLUMN_GAP = GAP;
