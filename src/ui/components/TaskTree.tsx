import { Box, Text } from 'ink';
import React from 'react';
import { etaText, formatDuration } from '../render-text.js';
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
    case 'cancelled':
      return <Text color="yellow">⊘</Text>;
  }
}

/** One task on one line (cut with … at the terminal's edge): icon, title, progress, detail, time. */
export function TaskRow({
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
      <Text wrap="truncate-end">
        <StatusIcon task={task} tick={tick} />
        <Text> {task.title}</Text>
        {task.progress ? (
          <Text>
            {' '}
            <ProgressBar done={task.progress.done} total={task.progress.total} />
          </Text>
        ) : null}
        {task.progress?.estimated && task.status === 'running' ? (
          <Text color="cyan"> {etaText(task.progress)}</Text>
        ) : null}
        {task.detail ? <Text dimColor> {task.detail}</Text> : null}
        {task.status === 'skipped' ? null : <Text dimColor> {formatDuration(elapsed)}</Text>}
      </Text>
    </Box>
  );
}

/**
 * The running part of the task tree, one element per line, at most `maxRows`: the top-level tasks still
 * running with their sub-tasks. When that is too tall, finished sub-tasks fold into a count, then the
 * rest is cut with a line saying how many more are running.
 */
export function LiveTasks({
  tasks,
  now,
  tick,
  maxRows,
}: {
  tasks: TaskState[];
  now: number;
  tick: number;
  maxRows: number;
}): React.JSX.Element[] {
  const rows: Array<{ task: TaskState; depth: number }> = [];
  const visit = (parentId: number | undefined, depth: number) => {
    for (const task of tasks) {
      if (task.parentId !== parentId || (depth === 0 && task.status !== 'running')) continue;
      rows.push({ task, depth });
      if (task.status !== 'succeeded') visit(task.id, depth + 1);
    }
  };
  visit(undefined, 0);
  let shown = rows;
  let folded = 0;
  if (shown.length > maxRows) {
    shown = rows.filter((row) => row.depth === 0 || row.task.status === 'running');
    folded = rows.length - shown.length;
  }
  const room = maxRows - (folded > 0 ? 1 : 0);
  const cut = shown.length > room ? shown.length - (room - 1) : 0;
  if (cut > 0) shown = shown.slice(0, room - 1);
  const elements = shown.map(({ task, depth }) => (
    <TaskRow key={task.id} task={task} depth={depth} now={now} tick={tick} />
  ));
  if (folded > 0)
    elements.push(
      <Text key="folded" dimColor wrap="truncate-end">
        {'  '}
        {folded} finished sub-task{folded === 1 ? '' : 's'} not shown
      </Text>,
    );
  if (cut > 0)
    elements.push(
      <Text key="cut" dimColor wrap="truncate-end">
        {'  '}… {cut} more running
      </Text>,
    );
  return elements;
}

/** The whole task tree: children under their parent, in start order; a finished success folds to one line. */
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
