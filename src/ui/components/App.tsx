import { Box } from 'ink';
import React, { useEffect, useState, useSyncExternalStore } from 'react';
import type { HumanBlock } from '../io-host.js';
import type { TaskStore } from '../task-store.js';
import { Messages } from './Messages.js';
import { Prompt } from './Prompt.js';
import { ResultView } from './ResultView.js';
import { TaskTree } from './TaskTree.js';

export interface AppProps {
  store: TaskStore;
  verbose: boolean;
  result?: HumanBlock[];
  /** The current frame of a live view (--watch), redrawn in place above the result. */
  live?: HumanBlock[];
  now?: () => number;
  tickMs?: number;
}

/** The whole TUI: messages, the task tree, an open prompt, a live frame, then the result. */
export function App({ store, verbose, result, live, now = Date.now, tickMs = 100 }: AppProps): React.JSX.Element {
  const snapshot = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const running = snapshot.tasks.some((task) => task.status === 'running');
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setTick((t) => t + 1), tickMs);
    return () => clearInterval(timer);
  }, [running, tickMs]);
  return (
    <Box flexDirection="column">
      <Messages messages={snapshot.messages} verbose={verbose} />
      <TaskTree tasks={snapshot.tasks} now={now()} tick={tick} />
      {snapshot.prompt ? <Prompt question={snapshot.prompt.question} onAnswer={snapshot.prompt.answer} /> : null}
      {live ? <ResultView blocks={live} /> : null}
      {result ? <ResultView blocks={result} /> : null}
    </Box>
  );
}
