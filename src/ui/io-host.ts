import type { AwsarchError } from '../core/errors.js';
import type { IoHost } from '../core/io-host.js';
import type { Outcome } from '../core/outcome.js';
import type { JsonDocument } from '../documents/document.js';

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
  /** What to change, shown under the finding. */
  fix?: string;
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

/** What the IO host renders at the end: the data (what `--output json` prints), its human view, its outcome. */
export interface CommandResult<T extends JsonDocument = JsonDocument> {
  /** What `--output json` prints: a document with its kind and schema version (schemas/<kind>.schema.json). */
  data: T;
  human: HumanBlock[];
  /** Decides the exit code (core/exit-code.ts); ok when absent. */
  outcome?: Outcome;
}

/** One frame of a live view (--watch, a failover test in progress): its data and its human view. */
export interface LiveFrame<T extends JsonDocument = JsonDocument> {
  /** Its document (one NDJSON line with --output json). */
  data: T;
  human: HumanBlock[];
}

/** An IO host: the port actions report through (core/io-host.ts), plus what only the runner and commands use. */
export interface OutputHost extends IoHost {
  result(result: CommandResult): void;
  /**
   * The current frame of a live view (--watch, a failover test in progress): the TUI redraws it in
   * place; plain output prints it; JSON writes its data as one line. The final `result` follows.
   */
  live(frame: LiveFrame): void;
  error(error: AwsarchError): void;
  /** Flush and release the terminal. */
  close(): Promise<void>;
}
