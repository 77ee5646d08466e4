import { Box, Static, Text } from 'ink';
import React, { useEffect, useState, useSyncExternalStore } from 'react';
import type { LogEntry, TaskStore } from '../task-store.js';
import { MessageLine } from './Messages.js';
import { Prompt } from './Prompt.js';
import { LiveTasks, TaskRow } from './TaskTree.js';

export interface AppProps {
  store: TaskStore;
  verbose: boolean;
  /** The current frame of a live view (--watch), pre-rendered lines, redrawn in place. */
  live?: string[];
  /** The terminal's size: the live part stays below `rows` lines and every line within `columns`. */
  columns?: number;
  rows?: number;
  now?: () => number;
  tickMs?: number;
}

/**
 * The whole TUI. Finished work (messages, ended top-level tasks) is printed once, as static lines that are
 * never redrawn; only the running part is live: running tasks, an open prompt, the live frame. The live
 * part is never taller than the terminal (ink would clear the screen, scrollback and all): long task lists
 * are summarised and a long frame is cut at the bottom, so its headline and change line stay in view.
 */
export function App({
  store,
  verbose,
  live,
  columns = 80,
  rows = 24,
  now = Date.now,
  tickMs = 100,
}: AppProps): React.JSX.Element {
  const snapshot = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const running = snapshot.tasks.some((task) => task.status === 'running');
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setTick((t) => t + 1), tickMs);
    return () => clearInterval(timer);
  }, [running, tickMs]);
  const log = snapshot.log.filter((entry) => entry.kind !== 'message' || verbose || entry.message.level !== 'debug');
  // One line is the cursor's: ink redraws in place only while its output is shorter than the screen.
  const budget = Math.max(1, rows - 1);
  const promptLines = snapshot.prompt ? Math.ceil((snapshot.prompt.question.length + 8) / columns) : 0;
  const taskBudget = Math.max(1, live ? Math.min(4, budget - promptLines - 1) : budget - promptLines);
  const liveTasks = LiveTasks({ tasks: snapshot.tasks, now: now(), tick, maxRows: taskBudget });
  const frameBudget = Math.max(0, budget - promptLines - liveTasks.length);
  return (
    <>
      <Static items={log}>{(entry) => <LogItem key={entry.key} entry={entry} now={now()} />}</Static>
      <Box flexDirection="column">
        {liveTasks}
        {snapshot.prompt ? <Prompt question={snapshot.prompt.question} onAnswer={snapshot.prompt.answer} /> : null}
        {live
          ? clipLines(live, frameBudget).map((line, i) => (
              <Text key={i} wrap="truncate-end">
                {line}
              </Text>
            ))
          : null}
      </Box>
    </>
  );
}

function LogItem({ entry, now }: { entry: LogEntry; now: number }): React.JSX.Element {
  if (entry.kind === 'message') return <MessageLine message={entry.message} />;
  return (
    <Box flexDirection="column">
      {entry.rows.map(({ task, depth }) => (
        <TaskRow key={task.id} task={task} depth={depth} now={now} tick={0} />
      ))}
    </Box>
  );
}

/** The first lines that fit, the last of them saying how many more there are. */
export function clipLines(lines: readonly string[], max: number): string[] {
  if (lines.length <= max) return [...lines];
  if (max <= 0) return [];
  const hidden = lines.length - (max - 1);
  return [
    ...lines.slice(0, max - 1),
    `\u001b[2m… ${hidden} more line${hidden === 1 ? '' : 's'} (shown at the end; --output plain prints all)\u001b[22m`,
  ];
}
