import { Text, useInput } from 'ink';
import React from 'react';

/** A yes/no question; Enter, n, Escape or Ctrl-C answer no. */
export function Prompt({
  question,
  onAnswer,
}: {
  question: string;
  onAnswer: (yes: boolean) => void;
}): React.JSX.Element {
  useInput((input, key) => {
    if (input === 'y' || input === 'Y') onAnswer(true);
    else if (input === 'n' || input === 'N' || key.return || key.escape || (key.ctrl && input === 'c')) onAnswer(false);
  });
  return (
    <Text>
      <Text color="yellow">? </Text>
      {question} <Text dimColor>[y/N]</Text>
    </Text>
  );
}
