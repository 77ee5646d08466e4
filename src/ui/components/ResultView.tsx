import { Box, Text } from 'ink';
import React from 'react';
import type { HumanBlock } from '../io-host.js';
import { renderKeyValue, renderTable, renderTree } from '../render-text.js';
import { Diagram } from './Diagram.js';
import { Findings } from './Findings.js';
import { StatusMatrix } from './StatusMatrix.js';

function Block({ block, width }: { block: HumanBlock; width?: number }): React.JSX.Element {
  const title = 'title' in block && block.title ? <Text bold>{block.title}</Text> : null;
  switch (block.kind) {
    case 'text':
      return <Text>{block.lines.join('\n')}</Text>;
    case 'table': {
      const [header, ...rows] = renderTable(block.columns, block.rows, width);
      return (
        <Box flexDirection="column">
          {title}
          <Text bold>{header}</Text>
          {rows.length > 0 ? <Text>{rows.join('\n')}</Text> : null}
        </Box>
      );
    }
    case 'keyValue':
      return (
        <Box flexDirection="column">
          {title}
          <Text>{renderKeyValue(block.entries).join('\n')}</Text>
        </Box>
      );
    case 'tree':
      return (
        <Box flexDirection="column">
          {title}
          <Text>{renderTree(block.root).join('\n')}</Text>
        </Box>
      );
    case 'diagram':
      return <Diagram title={block.title} columns={block.columns} width={width} />;
    case 'findings':
      return <Findings title={block.title} items={block.items} />;
    case 'matrix':
      return (
        <Box flexDirection="column">
          {title}
          <StatusMatrix corner={block.corner} columns={block.columns} rows={block.rows} width={width} />
        </Box>
      );
  }
}

/** A command's result: tables, trees and key/value lists, a blank line apart. */
export function ResultView({ blocks, width }: { blocks: HumanBlock[]; width?: number }): React.JSX.Element {
  return (
    <Box flexDirection="column" gap={1}>
      {blocks.map((block, i) => (
        <Block key={i} block={block} width={width} />
      ))}
    </Box>
  );
}
