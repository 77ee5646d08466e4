import { Box, Text } from 'ink';
import React from 'react';
import type { FindingItem } from '../io-host.js';

const STYLE: Record<FindingItem['severity'], { icon: string; colour: string }> = {
  critical: { icon: '✗', colour: 'red' },
  warning: { icon: '!', colour: 'yellow' },
  info: { icon: 'i', colour: 'cyan' },
};

/** Findings with a coloured severity icon; those new since the last refresh are marked. */
export function Findings({ title, items }: { title?: string; items: FindingItem[] }): React.JSX.Element {
  return (
    <Box flexDirection="column">
      {title ? <Text bold>{title}</Text> : null}
      {items.length === 0 ? <Text color="green">✓ no findings</Text> : null}
      {items.map((item, i) => (
        <Box key={i} flexDirection="column">
          <Box>
            <Box marginRight={1} flexShrink={0}>
              <Text color={STYLE[item.severity].colour}>{STYLE[item.severity].icon}</Text>
            </Box>
            <Text>
              {item.changed ? (
                <Text color="black" backgroundColor="yellow">
                  {' '}
                  new{' '}
                </Text>
              ) : null}
              {item.changed ? ' ' : ''}
              {item.text}
            </Text>
          </Box>
          {item.fix ? (
            <Box marginLeft={2}>
              <Text dimColor>fix: {item.fix}</Text>
            </Box>
          ) : null}
        </Box>
      ))}
    </Box>
  );
}
