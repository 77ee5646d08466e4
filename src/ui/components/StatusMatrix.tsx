import { Box, Text } from 'ink';
import React from 'react';
import type { MatrixRow } from '../io-host.js';
import { TONE_COLOURS } from './Diagram.js';
import { COLUMN_GAP, fitColumnWidths, truncate } from '../fit-width.js';

/**
 * A rows x columns status table (accounts x baseline steps): the header in bold, each cell coloured
 * by its tone, columns as wide as their widest cell, narrowed to fit `width` (cells truncated with "…",
 * never wrapped, so a word is never split across lines).
 */
export function StatusMatrix({
  corner,
  columns,
  rows,
  width = Number.POSITIVE_INFINITY,
}: {
  corner: string;
  columns: string[];
  rows: MatrixRow[];
  width?: number;
}): React.JSX.Element {
  const natural = [
    Math.max(corner.length, ...rows.map((row) => row.label.length)),
    ...columns.map((column, i) => Math.max(column.length, ...rows.map((row) => row.cells[i]?.text.length ?? 0))),
  ];
  // Cells (OK, drift, missing) stay whole; headers and account names give way first.
  const floors = natural.map((_, i) =>
    i === 0 ? Math.min(natural[0] ?? 0, 10) : Math.max(4, ...rows.map((row) => row.cells[i - 1]?.text.length ?? 0)),
  );
  const [labelWidth = 0, ...widths] = fitColumnWidths(natural, width, floors);
  const cell = (text: string, i: number) => {
    const fitted = truncate(text, widths[i] ?? 0);
    return i === columns.length - 1 ? fitted : fitted.padEnd(widths[i] ?? 0);
  };
  const gap = ' '.repeat(COLUMN_GAP);
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate-end">
        {truncate(corner, labelWidth).padEnd(labelWidth)}
        {columns.map((column, i) => `${gap}${cell(column, i)}`).join('')}
      </Text>
      {rows.map((row, rowIndex) => (
        <Text key={rowIndex} wrap="truncate-end">
          {truncate(row.label, labelWidth).padEnd(labelWidth)}
          {row.cells.map((entry, i) => (
            <Text key={i}>
              {gap}
              <Text color={TONE_COLOURS[entry.tone]}>{cell(entry.text, i)}</Text>
            </Text>
          ))}
        </Text>
      ))}
    </Box>
  );
}
