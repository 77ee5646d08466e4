import { Box, Text } from 'ink';
import React from 'react';
import type { IoMessage } from '../../core/io-host.js';

const COLOURS = { info: undefined, warn: 'yellow', debug: 'gray' } as const;

/** Info and warnings (and debug with --verbose), in order. */
export function Messages({ messages, verbose }: { messages: IoMessage[]; verbose: boolean }): React.JSX.Element {
  const shown = messages.filter((message) => verbose || message.level !== 'debug');
  return (
    <Box flexDirection="column">
      {shown.map((message, i) => (
        <Text key={i} color={COLOURS[message.level]}>
          {message.level === 'warn' ? '⚠ ' : ''}
          {message.text}
        </Text>
      ))}
    </Box>
  );
}
