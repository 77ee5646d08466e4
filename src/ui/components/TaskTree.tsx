import { Box, Text } from 'ink';
import React from 'react';
import { formatDuration } from '../render-text.js';
import type { TaskState } from '../task-store.js';
import { ProgressBar } from './ProgressBar.js';
import { Spinner } from './Spinner.js';

function StatusIcon({ task, tick }: { task: TaskState; tick: number }): React.JSX.Element {
  switch (task.status) {
    case 'running':
      return <Spinner tick={tick} />;
    case 'succeeded':
      return <Text color="green">✓</Text>;
    case 'skipped':
      return <Text dimColor>–</Text>;
    case 'failed':
      return <Text color="red">✗</Text>;
  }
}

function TaskRow({
  task,
  depth,
  now,
  tick,
}: {
  task: TaskState;
  depth: number;
  now: number;
  tick: number;
}): React.JSX.Element {
  const elapsed = (task.endedAt ?? now) - task.startedAt;
  return (
    <Box paddingLeft={depth * 2}>
      <StatusIcon task={task} tick={tick} />
      <Text> {task.title}</Text>
      {task.progress ? (
        <Text>
          {' '}
          <ProgressBar done={task.progress.done} total={task.progress.total} />
        </Text>
      ) : null}
      {task.detail ? <Text dimColor> {task.detail}</Text> : null}
      {task.status === 'skipped' ? null : <Text dimColor> {formatDuration(elapsed)}</Text>}
    </Box>
  );
}

/** The live task tree: children under their parent, in start order; a finished success folds to one line. */
export function TaskTree({ tasks, now, tick }: { tasks: TaskState[]; now: number; tick: number }): React.JSX.Element {
  const rows: React.JSX.Element[] = [];
  const visit = (parentId: number | undefined, depth: number) => {
    for (const task of tasks) {
      if (task.parentId !== parentId) continue;
      rows.push(<TaskRow key={task.id} task={task} depth={depth} now={now} tick={tick} />);
      if (task.status !== 'succeeded') visit(task.id, depth + 1);
    }
  };
  visit(undefined, 0);
  return <Box flexDirection="column">{rows}</Box>;
}
