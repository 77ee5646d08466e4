/** A policy as people read it: indented JSON, or the raw text when it is not JSON. */
export function prettyPolicy(content: string | undefined): string[] {
  if (content === undefined || content === '') return [];
  try {
    return JSON.stringify(JSON.parse(content), null, 2).split('\n');
  } catch {
    return content.split('\n');
  }
}

/** Whether two policy texts say the same thing (white space and formatting aside). */
export function samePolicyContent(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  try {
    return JSON.stringify(JSON.parse(a)) === JSON.stringify(JSON.parse(b));
  } catch {
    return a === b;
  }
}

/**
 * Pure: a line diff of two documents ("- " removed, "+ " added, "  " kept), with `context` unchanged
 * lines around each change and "  …" where more were left out.
 */
export function diffLines(before: readonly string[], after: readonly string[], context = 3): string[] {
  const operations = lineOperations(before, after);
  const keep = operations.map(() => false);
  operations.forEach((operation, i) => {
    if (operation.kind === ' ') return;
    for (let j = Math.max(0, i - context); j <= Math.min(operations.length - 1, i + context); j++) keep[j] = true;
  });
  const lines: string[] = [];
  let skipped = false;
  operations.forEach((operation, i) => {
    if (keep[i]) {
      lines.push(`${operation.kind} ${operation.line}`);
      skipped = false;
    } else if (!skipped) {
      lines.push('  …');
      skipped = true;
    }
  });
  return lines;
}

interface LineOperation {
  kind: ' ' | '-' | '+';
  line: string;
}

/** The longest-common-subsequence edit script (policies are small, so O(n·m) is fine). */
function lineOperations(before: readonly string[], after: readonly string[]): LineOperation[] {
  const n = before.length;
  const m = after.length;
  const lengths: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      const row = lengths[i] as number[];
      row[j] =
        before[i] === after[j]
          ? (lengths[i + 1]?.[j + 1] ?? 0) + 1
          : Math.max(lengths[i + 1]?.[j] ?? 0, row[j + 1] ?? 0);
    }
  }
  const operations: LineOperation[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (before[i] === after[j]) {
      operations.push({ kind: ' ', line: before[i] as string });
      i++;
      j++;
    } else if ((lengths[i + 1]?.[j] ?? 0) >= (lengths[i]?.[j + 1] ?? 0)) {
      operations.push({ kind: '-', line: before[i++] as string });
    } else {
      operations.push({ kind: '+', line: after[j++] as string });
    }
  }
  while (i < n) operations.push({ kind: '-', line: before[i++] as string });
  while (j < m) operations.push({ kind: '+', line: after[j++] as string });
  return operations;
}
