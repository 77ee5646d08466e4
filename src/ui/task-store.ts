import type { IoMessage, TaskStatus } from '../core/io-host.js';

export interface TaskState {
  id: number;
  parentId?: number;
  title: string;
  status: TaskStatus;
  detail?: string;
  /** `estimated`: the task reports an ETA (`etaMs` when known, else "ETA unknown"). */
  progress?: { done: number; total: number; estimated?: boolean; etaMs?: number };
  startedAt: number;
  endedAt?: number;
}

export interface PromptState {
  question: string;
  answer: (yes: boolean) => void;
}

/** Finished work, in the order it finished: printed once above the live part and never redrawn. */
export type LogEntry =
  | { key: string; kind: 'message'; message: IoMessage }
  | { key: string; kind: 'task'; rows: Array<{ task: TaskState; depth: number }> };

export interface TaskStoreSnapshot {
  tasks: TaskState[];
  messages: IoMessage[];
  /** Append-only: messages as they come, top-level tasks (with their sub-tasks) as they end. */
  log: LogEntry[];
  prompt?: PromptState;
}

/** The live state behind the TUI: tasks, messages and an open prompt, with change notifications. */
export class TaskStore {
  private tasks: TaskState[] = [];
  private messages: IoMessage[] = [];
  private log: LogEntry[] = [];
  private prompt?: PromptState;
  private snapshot: TaskStoreSnapshot = { tasks: [], messages: [], log: [] };
  private readonly listeners = new Set<() => void>();
  private nextId = 1;

  constructor(private readonly now: () => number = Date.now) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): TaskStoreSnapshot => this.snapshot;

  addTask(title: string, parentId?: number): number {
    const id = this.nextId++;
    this.tasks = [...this.tasks, { id, parentId, title, status: 'running', startedAt: this.now() }];
    this.emit();
    return id;
  }

  updateTask(id: number, change: Partial<Pick<TaskState, 'detail' | 'progress' | 'status'>>): void {
    let endedTopLevel: TaskState | undefined;
    this.tasks = this.tasks.map((task) => {
      if (task.id !== id) return task;
      const ended = change.status !== undefined && change.status !== 'running';
      const updated = { ...task, ...change, endedAt: ended ? this.now() : task.endedAt };
      if (ended && task.status === 'running' && task.parentId === undefined) endedTopLevel = updated;
      return updated;
    });
    if (endedTopLevel) this.log = [...this.log, { key: `t${id}`, kind: 'task', rows: this.subtree(endedTopLevel) }];
    this.emit();
  }

  /** A task and, unless it succeeded (then it folds to one line), its sub-tasks, depth first. */
  subtree(root: TaskState, depth = 0): Array<{ task: TaskState; depth: number }> {
    const rows = [{ task: root, depth }];
    if (root.status === 'succeeded') return rows;
    for (const child of this.tasks.filter((task) => task.parentId === root.id))
      rows.push(...this.subtree(child, depth + 1));
    return rows;
  }

  addMessage(message: IoMessage): void {
    this.messages = [...this.messages, message];
    this.log = [...this.log, { key: `m${this.messages.length}`, kind: 'message', message }];
    this.emit();
  }

  setPrompt(prompt: PromptState | undefined): void {
    this.prompt = prompt;
    this.emit();
  }

  private emit(): void {
    this.snapshot = { tasks: this.tasks, messages: this.messages, log: this.log, prompt: this.prompt };
    for (const listener of this.listeners) listener();
  }
}
