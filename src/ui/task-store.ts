import type { IoMessage, TaskStatus } from '../core/io-host.js';

export interface TaskState {
  id: number;
  parentId?: number;
  title: string;
  status: TaskStatus;
  detail?: string;
  progress?: { done: number; total: number };
  startedAt: number;
  endedAt?: number;
}

export interface PromptState {
  question: string;
  answer: (yes: boolean) => void;
}

export interface TaskStoreSnapshot {
  tasks: TaskState[];
  messages: IoMessage[];
  prompt?: PromptState;
}

/** The live state behind the TUI: tasks, messages and an open prompt, with change notifications. */
export class TaskStore {
  private tasks: TaskState[] = [];
  private messages: IoMessage[] = [];
  private prompt?: PromptState;
  private snapshot: TaskStoreSnapshot = { tasks: [], messages: [] };
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
    this.tasks = this.tasks.map((task) => {
      if (task.id !== id) return task;
      const ended = change.status !== undefined && change.status !== 'running';
      return { ...task, ...change, endedAt: ended ? this.now() : task.endedAt };
    });
    this.emit();
  }

  addMessage(message: IoMessage): void {
    this.messages = [...this.messages, message];
    this.emit();
  }

  setPrompt(prompt: PromptState | undefined): void {
    this.prompt = prompt;
    this.emit();
  }

  private emit(): void {
    this.snapshot = { tasks: this.tasks, messages: this.messages, prompt: this.prompt };
    for (const listener of this.listeners) listener();
  }
}
