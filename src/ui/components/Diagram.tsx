import { Box, Text, useStdout } from 'ink';
import React from 'react';
import type { DiagramColumn, DiagramNode, Tone } from '../io-host.js';

export const TONE_COLOURS: Record<Tone, string> = { ok: 'green', warn: 'yellow', bad: 'red', muted: 'gray' };
const TONE_ICONS: Record<Tone, string> = { ok: '●', warn: '▲', bad: '✗', muted: '○' };
const ACTIVE_MARK = ' ◀ carries traffic';
const CHANGED_MARK = ' changed ';
const ARROW_WIDTH = 5;
/** Side by side, a column may be squeezed to this width (its details wrap); narrower terminals stack the columns. */
const MIN_COLUMN_WIDTH = 34;

function Node({ node }: { node: DiagramNode }): React.JSX.Element {
  const colour = TONE_COLOURS[node.tone];
  return (
    <Box paddingLeft={(node.depth ?? 0) * 2}>
      <Box marginRight={1} flexShrink={0}>
        <Text color={colour}>{node.active ? '▶' : TONE_ICONS[node.tone]}</Text>
      </Box>
      <Box flexDirection="column">
        <Text bold={node.active} color={node.active ? colour : undefined}>
          {node.label}
          {node.active ? <Text color={colour}>{ACTIVE_MARK}</Text> : null}
          {node.changed ? (
            <Text>
              {' '}
              <Text color="black" backgroundColor="yellow">
                {CHANGED_MARK}
              </Text>
            </Text>
          ) : null}
        </Text>
        {node.detail ? <Text dimColor>{node.detail}</Text> : null}
      </Box>
    </Box>
  );
}

/** The width a column needs to show every node on its own lines without wrapping. */
export function columnWidth(column: DiagramColumn): number {
  const nodeWidth = (node: DiagramNode) =>
    (node.depth ?? 0) * 2 +
    2 +
    Math.max(
      node.label.length + (node.active ? ACTIVE_MARK.length : 0) + (node.changed ? CHANGED_MARK.length + 1 : 0),
      node.detail?.length ?? 0,
    );
  return Math.max(column.title.length, '(none)'.length, ...column.nodes.map(nodeWidth)) + 4;
}

function Column({ column, stacked }: { column: DiagramColumn; stacked: boolean }): React.JSX.Element {
  const width = columnWidth(column);
  return (
    <Box
      flexDirection="column"
      borderStyle="round"
      borderColor="gray"
      paddingX={1}
      flexGrow={stacked ? 1 : 0}
      flexShrink={stacked ? 0 : 1}
      flexBasis={stacked ? undefined : width}
      minWidth={Math.min(width, MIN_COLUMN_WIDTH)}
    >
      <Text bold>{column.title}</Text>
      {column.nodes.length === 0 ? (
        <Text dimColor>(none)</Text>
      ) : (
        column.nodes.map((node, i) => <Node key={i} node={node} />)
      )}
    </Box>
  );
}

/**
 * A topology from left to right: one bordered column per stage, nodes coloured by health, arrows
 * between; columns share the width in proportion to their content and wrap their details. On a
 * terminal too narrow even for that, the stages stack from top to bottom instead.
 */
export function Diagram({
  title,
  columns,
  width,
}: {
  title?: string;
  columns: DiagramColumn[];
  width?: number;
}): React.JSX.Element {
  const { stdout } = useStdout();
  const available = width ?? stdout?.columns ?? 100;
  const needed =
    columns.reduce((sum, column) => sum + Math.min(columnWidth(column), MIN_COLUMN_WIDTH), 0) +
    ARROW_WIDTH * Math.max(0, columns.length - 1);
  const horizontal = needed <= available;
  return (
    <Box flexDirection="column">
      {title ? <Text bold>{title}</Text> : null}
      <Box flexDirection={horizontal ? 'row' : 'column'}>
        {columns.map((column, index) => (
          <React.Fragment key={column.title}>
            {index > 0 ? (
              horizontal ? (
                <Box alignItems="center" flexShrink={0} width={ARROW_WIDTH} justifyContent="center">
                  <Text dimColor>─▶</Text>
                </Box>
              ) : (
                <Box paddingLeft={2}>
                  <Text dimColor>▼</Text>
                </Box>
              )
            ) : null}
            <Column column={column} stacked={!horizontal} />
          </React.Fragment>
        ))}
      </Box>
    </Box>
  );
}
