import type { AwsarchError, ExitCode } from '../core/errors.js';
import type { JsonDocument } from '../documents/document.js';

export type MessageLevel = 'info' | 'warn' | 'debug';

/** A coded message; tests assert on `code` and `data`, never on painted text. */
export interface IoMessage {
  level: MessageLevel;
  code: string;
  text: string;
  data?: unknown;
}

export type TaskStatus = 'running' | 'succeeded' | 'skipped' | 'failed';

/** One unit of visible work: a row in the TUI tree, a line in plain output. */
export interface TaskHandle {
  /** A sub-task shown under this one. */
  task(title: string): TaskHandle;
  progress(done: number, total: number, text?: string): void;
  /** Replace the short detail shown after the title. */
  update(text: string): void;
  succeed(text?: string): void;
  skip(text?: string): void;
  fail(text?: string): void;
}

/** A human rendering of a result, shared by the TUI and plain hosts. */
export type HumanBlock =
  | { kind: 'text'; lines: string[] }
  | { kind: 'table'; title?: string; columns: string[]; rows: string[][] }
  | { kind: 'keyValue'; title?: string; entries: Array<[string, string]> }
  | { kind: 'tree'; title?: string; root: TreeNode }
  | { kind: 'diagram'; title?: string; columns: DiagramColumn[] }
  | { kind: 'findings'; title?: string; items: FindingItem[] }
  | { kind: 'matrix'; title?: string; corner: string; columns: string[]; rows: MatrixRow[] };

/** How a diagram node or finding is coloured: green, yellow, red, grey. */
export type Tone = 'ok' | 'warn' | 'bad' | 'muted';

/** One box of a left-to-right diagram (e.g. on-premises -> DX / VPN -> TGW -> VPCs). */
export interface DiagramColumn {
  title: string;
  nodes: DiagramNode[];
}

export interface DiagramNode {
  label: string;
  detail?: string;
  tone: Tone;
  /** Indentation under the node above (a VIF under its connection). */
  depth?: number;
  /** On the path traffic takes now. */
  active?: boolean;
  /** Different from the previous refresh (--watch). */
  changed?: boolean;
}

export interface FindingItem {
  severity: 'critical' | 'warning' | 'info';
  text: string;
  /** New since the previous refresh (--watch). */
  changed?: boolean;
}

/** A row of a status matrix (e.g. an account), one cell per column (e.g. a baseline step). */
export interface MatrixRow {
  label: string;
  cells: MatrixCell[];
}

/** A matrix cell's tone: ok as wanted, warn differs (drift, missing, planned), bad failed, muted neither. */
export interface MatrixCell {
  text: string;
  tone: Tone;
}

export interface TreeNode {
  label: string;
  detail?: string;
  children: TreeNode[];
}

export interface CommandResult<T extends JsonDocument = JsonDocument> {
  /** What `--output json` prints: a document with its kind and schema version (schemas/<kind>.schema.json). */
  data: T;
  human: HumanBlock[];
  exitCode?: ExitCode;
}

/** The only way actions and commands talk to the terminal. */
export interface IoHost {
  /** True when a person can answer prompts. */
  readonly interactive: boolean;
  info(code: string, text: string, data?: unknown): void;
  warn(code: string, text: string, data?: unknown): void;
  debug(code: string, text: string, data?: unknown): void;
  task(title: string): TaskHandle;
  /** Ask a yes/no question; the default answer is always no. */
  confirm(question: string): Promise<boolean>;
  result(result: CommandResult): void;
  /**
   * The current frame of a live view (--watch, a failover test in progress): the TUI redraws it in
   * place; plain output prints it; JSON writes its data as one line. The final `result` follows.
   */
  live(frame: CommandResult): void;
  error(error: AwsarchError): void;
  /** Flush and release the terminal. */
  close(): Promise<void>;
}
