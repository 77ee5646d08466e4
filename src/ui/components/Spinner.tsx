import { Text } from 'ink';
import React from 'react';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** A spinner driven by the caller's clock tick, so one timer animates the whole tree. */
export function Spinner({ tick }: { tick: number }): React.JSX.Element {
  return <Text color="cyan">{FRAMES[tick % FRAMES.length]}</Text>;
}
