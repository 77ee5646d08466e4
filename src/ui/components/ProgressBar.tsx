import { Text } from 'ink';
import React from 'react';

/** A fixed-width bar with the percentage, e.g. ████░░░░ 50% */
export function ProgressBar({
  done,
  total,
  width = 20,
}: {
  done: number;
  total: number;
  width?: number;
}): React.JSX.Element {
  const ratio = total > 0 ? Math.min(1, Math.max(0, done / total)) : 0;
  const filled = Math.round(ratio * width);
  return (
    <Text>
      <Text color="cyan">{'█'.repeat(filled)}</Text>
      <Text dimColor>{'░'.repeat(width - filled)}</Text>
      <Text> {Math.floor(ratio * 100)}% </Text>
      <Text dimColor>
        ({done}/{total})
      </Text>
    </Text>
  );
}
