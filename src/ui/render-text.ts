import { COLUMN_GAP, fitColumnWidths, truncate, wrapWords } from './fit-width.js';
import type { DiagramColumn, DiagramNode, FindingItem, HumanBlock, Tone, TreeNode } from './io-host.js';

/**
 * Renders result blocks as plain text lines (no colour), for logs and pipes. Tables fit `width`; other lines
 * stay whole (one finding, one reason per line, for grep; a rendered policy exactly as it is uploaded).
 */
export function renderBlocksAsText(blocks: HumanBlock[], width = Number.POSITIVE_INFINITY): string[] {
  const lines: string[] = [];
  blocks.forEach((block, index) => {
    if (index > 0) lines.push('');
    lines.push(...renderBlock(block, width));
  });
  return lines;
}

function renderBlock(block: HumanBlock, width: number): string[] {
  switch (block.kind) {
    case 'text':
      return block.lines;
    case 'table':
      return withTitle(block.title, renderTable(block.columns, block.rows, width));
    case 'keyValue':
      return withTitle(block.title, renderKeyValue(block.entries));
    case 'tree':
      return withTitle(block.title, renderTree(block.root));
    case 'diagram':
      return withTitle(block.title, renderDiagram(block.columns));
    case 'findings':
      return withTitle(block.title, renderFindings(block.items));
    case 'matrix':
      return withTitle(
        block.title,
        renderTable(
          [block.corner, ...block.columns],
          block.rows.map((row) => [row.label, ...row.cells.map((cell) => cell.text)]),
          width,
          { wrapLast: false },
        ),
      );
  }
}

/** Words for tones in plain text, where there is no colour. */
export const TONE_WORDS: Record<Tone, string> = { ok: 'ok', warn: 'WARN', bad: 'DOWN', muted: '-' };

/** A node's marks: `*` changed since the last refresh, `>` on the active path. */
export function nodeMarks(node: DiagramNode): string {
  return `${node.changed ? '*' : ' '}${node.active ? '>' : ' '}`;
}

/** A diagram as one section per column, the flow in the first line; nodes indented by depth. */
export function renderDiagram(columns: DiagramColumn[]): string[] {
  const lines = [columns.map((column) => column.title).join(' ──▶ ')];
  const labelWidth = Math.max(
    0,
    ...columns.flatMap((column) => column.nodes.map((node) => (node.depth ?? 0) * 2 + node.label.length)),
  );
  for (const column of columns) {
    lines.push(`  ${column.title}`);
    if (column.nodes.length === 0) lines.push('       (none)');
    for (const node of column.nodes) {
      const label = `${'  '.repeat(node.depth ?? 0)}${node.label}`;
      lines.push(
        `  ${nodeMarks(node)}${TONE_WORDS[node.tone].padEnd(5)}${node.detail ? `${label.padEnd(labelWidth)}  ${node.detail}` : label}`.trimEnd(),
      );
    }
  }
  return lines;
}

const SEVERITY_WORDS: Record<FindingItem['severity'], string> = {
  critical: 'CRITICAL',
  warning: 'warning',
  info: 'info',
};

/** Findings, most severe first as given, `*` before those new since the last refresh. */
export function renderFindings(items: FindingItem[]): string[] {
  if (items.length === 0) return ['  (none)'];
  return items.flatMap((item) => [
    `${item.changed ? '*' : ' '} ${SEVERITY_WORDS[item.severity].padEnd(8)} ${item.text}`,
    ...(item.fix ? [`           fix: ${item.fix}`] : []),
  ]);
}

function withTitle(title: string | undefined, lines: string[]): string[] {
  return title ? [title, ...lines] : lines;
}

/**
 * Left-aligned columns separated by two spaces, fitted to `width`: cells of narrowed columns are
 * truncated with "…", the last column wraps at spaces (unless `wrapLast` is false); an empty table says so.
 */
export function renderTable(
  columns: string[],
  rows: string[][],
  width = Number.POSITIVE_INFINITY,
  { wrapLast = true }: { wrapLast?: boolean } = {},
): string[] {
  if (rows.length === 0) return ['(none)'];
  const natural = columns.map((column, i) => Math.max(column.length, ...rows.map((row) => (row[i] ?? '').length)));
  const widths = fitColumnWidths(natural, width);
  const last = columns.length - 1;
  const offset = widths.slice(0, last).reduce((sum, w) => sum + w + COLUMN_GAP, 0);
  const line = (cells: string[]): string[] => {
    const head = cells
      .slice(0, last)
      .map((cell, i) => truncate(cell, widths[i] ?? 0).padEnd(widths[i] ?? 0))
      .join(' '.repeat(COLUMN_GAP));
    const lastWidth = widths[last] ?? 0;
    const tail = cells[last] ?? '';
    const parts = wrapLast ? wrapWords(tail, lastWidth) : [truncate(tail, lastWidth)];
    const first = `${last > 0 ? `${head}${' '.repeat(COLUMN_GAP)}` : ''}${parts[0] ?? ''}`.trimEnd();
    return [first, ...parts.slice(1).map((part) => `${' '.repeat(offset)}${part}`)];
  };
  return [...line(columns), ...rows.flatMap(line)];
}

export function renderKeyValue(entries: Array<[string, string]>): string[] {
  const width = Math.max(0, ...entries.map(([key]) => key.length));
  return entries.map(([key, value]) => `${`${key}:`.padEnd(width + 1)} ${value}`);
}

/** A tree drawn with box characters, the root on the first line. */
export function renderTree(root: TreeNode): string[] {
  const lines = [formatNode(root)];
  const walk = (node: TreeNode, prefix: string) => {
    node.children.forEach((child, i) => {
      const last = i === node.children.length - 1;
      lines.push(`${prefix}${last ? '└── ' : '├── '}${formatNode(child)}`);
      walk(child, `${prefix}${last ? '    ' : '│   '}`);
    });
  };
  walk(root, '');
  return lines;
}

function formatNode(node: TreeNode): string {
  return node.detail ? `${node.label}  ${node.detail}` : node.label;
}

/** What a progress report says about the time left: "ETA 1m05s", "ETA <1s", "ETA unknown"; nothing without an estimate. */
export function etaText(estimate: { etaMs?: number } | undefined): string | undefined {
  if (!estimate) return undefined;
  if (estimate.etaMs === undefined) return 'ETA unknown';
  return estimate.etaMs < 1000 ? 'ETA <1s' : `ETA ${formatDuration(estimate.etaMs)}`;
}

/** 1.2s, 45s, 2m05s */
export function formatDuration(ms: number): string {
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)}s`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes}m${String(seconds % 60).padStart(2, '0')}s`;
}
