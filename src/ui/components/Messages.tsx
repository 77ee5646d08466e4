import { Text } from 'ink';
import React from 'react';
import type { IoMessage } from '../../core/io-host.js';

const COLOURS = { info: undefined, warn: 'yellow', debug: 'gray' } as const;

/** One info message or warning (or debug with --verbose), as a static line above the live part. */
export function MessageLine({ message }: { message: IoMessage }): React.JSX.Element {
  return (
    <Text color={COLOURS[message.level]}>
      {message.level === 'warn' ? '⚠ ' : ''}
      {message.text}
    </Text>
  );
}
