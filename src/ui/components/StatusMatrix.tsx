import { Box, Text } from 'ink';
import React from 'react';
import type { MatrixRow } from '../io-host.js';
import { TONE_COLOURS } from './Diagram.js';

/**
 * A rows x columns status table (accounts x baseline steps): the header in bold, each cell coloured
 * by its tone, columns as wide as their widest cell.
 */
export function StatusMatrix({
  corner,
  columns,
  rows,
}: {
  corner: string;
  columns: string[];
  rows: MatrixRow[];
}): React.JSX.Element {
  const labelWidth = Math.max(corner.length, ...rows.map((row) => row.label.length));
  const widths = columns.map((column, i) =>
    Math.max(column.length, ...rows.map((row) => row.cells[i]?.text.length ?? 0)),
  );
  const gap = '  ';
  return (
    <Box flexDirection="column">
      <Text bold>
        {corner.padEnd(labelWidth)}
        {columns
          .map((column, i) => `${gap}${i === columns.length - 1 ? column : column.padEnd(widths[i] ?? 0)}`)
          .join('')}
      </Text>
      {rows.map((row, rowIndex) => (
        <Text key={rowIndex}>
          {row.label.padEnd(labelWidth)}
          {row.cells.map((cell, i) => (
            <Text key={i}>
              {gap}
              <Text color={TONE_COLOURS[cell.tone]}>
                {i === row.cells.length - 1 ? cell.text : cell.text.padEnd(widths[i] ?? 0)}
              </Text>
            </Text>
          ))}
        </Text>
      ))}
    </Box>
  );
}
