import { Worker } from 'node:worker_threads';
import type { FunctionErrorPayload, InvocationOutcome } from './invocation.js';
import { WORKER_SCRIPT } from './worker-script.js';

/** Everything an environment needs to start: the unpacked code, the handler and the process environment. */
export interface EnvironmentSpec {
  readonly codeDir: string;
  readonly handler: string;
  readonly functionName: string;
  readonly functionArn: string;
  readonly memoryMb: number;
  readonly timeoutMs: number;
  readonly logGroup: string;
  readonly logStream: string;
  /** The complete environment of the worker (function variables, credentials, endpoint, runtime variables). */
  readonly env: Record<string, string>;
}

/** Lines the function writes (console, runtime START/END/REPORT lines). */
export type LogSink = (line: string) => void;

interface Pending {
  readonly resolve: (outcome: InvocationOutcome) => void;
  readonly startedAt: number;
  readonly requestId: string;
}

/**
 * One Lambda execution environment: a worker thread with the function's code loaded once (cold start on
 * the first invocation), running one invocation at a time. A timeout or a crash ends the environment
 * (Lambda discards it too); the pool then starts a new one.
 */
export class ExecutionEnvironment {
  readonly createdAt = Date.now();
  lastUsedAt = Date.now();
  invocations = 0;
  private readonly worker: Worker;
  private pending: Pending | undefined;
  private nextId = 0;
  private ended = false;

  constructor(
    readonly spec: EnvironmentSpec,
    private readonly log: LogSink,
  ) {
    this.worker = new Worker(WORKER_SCRIPT, {
      eval: true,
      env: spec.env,
      stdout: true,
      stderr: true,
      workerData: {
        codeDir: spec.codeDir,
        handler: spec.handler,
        functionName: spec.functionName,
        functionVersion: '$LATEST',
        invokedArn: spec.functionArn,
        memoryMb: spec.memoryMb,
        logGroup: spec.logGroup,
        logStream: spec.logStream,
      },
      resourceLimits: { maxOldGenerationSizeMb: Math.max(64, spec.memoryMb) },
    });
    this.pipeOutput(this.worker.stdout);
    this.pipeOutput(this.worker.stderr);
    this.worker.on('message', (message: WorkerReply) => this.settle(message));
    this.worker.on('error', (error) => this.die(crashPayload(error)));
    this.worker.on('exit', (code) =>
      this.die({
        errorType: 'Runtime.ExitError',
        errorMessage: `Error: Runtime exited with error: exit status ${code}`,
        trace: [],
      }),
    );
    this.worker.unref();
  }

  get busy(): boolean {
    return this.pending !== undefined;
  }

  get alive(): boolean {
    return !this.ended;
  }

  /** Runs one invocation; resolves with its outcome (never rejects). */
  invoke(event: unknown, requestId: string): Promise<InvocationOutcome> {
    if (this.ended || this.pending) throw new Error('execution environment is not available');
    this.invocations += 1;
    this.lastUsedAt = Date.now();
    const id = ++this.nextId;
    const startedAt = Date.now();
    this.log(`START RequestId: ${requestId} Version: $LATEST`);
    return new Promise<InvocationOutcome>((resolve) => {
      const timer = setTimeout(() => {
        const seconds = ((Date.now() - startedAt) / 1000).toFixed(2);
        this.finish({
          kind: 'failed',
          phase: 'timeout',
          durationMs: Date.now() - startedAt,
          error: {
            errorType: 'Sandbox.Timedout',
            errorMessage: `${new Date().toISOString()} ${requestId} Task timed out after ${seconds} seconds`,
            trace: [],
          },
        });
        void this.terminate();
      }, this.spec.timeoutMs);
      this.pending = {
        resolve: (outcome) => {
          clearTimeout(timer);
          resolve(outcome);
        },
        startedAt,
        requestId,
      };
      this.worker.postMessage({ id, event, requestId, deadline: startedAt + this.spec.timeoutMs });
    }).then((outcome) => {
      this.lastUsedAt = Date.now();
      return outcome;
    });
  }

  async terminate(): Promise<void> {
    if (!this.ended) this.die({ errorType: 'Runtime.ExitError', errorMessage: 'environment shut down', trace: [] });
    await this.worker.terminate().catch(() => undefined);
  }

  private settle(message: WorkerReply): void {
    const pending = this.pending;
    if (!pending || message.id !== this.nextId) return;
    const durationMs = Date.now() - pending.startedAt;
    const outcome: InvocationOutcome = message.ok
      ? { kind: 'succeeded', payload: message.payload, durationMs }
      : { kind: 'failed', phase: message.phase, error: message.error, durationMs };
    this.finish(outcome);
    if (!message.ok && message.phase === 'init') void this.terminate();
  }

  private finish(outcome: InvocationOutcome): void {
    const pending = this.pending;
    if (!pending) return;
    this.pending = undefined;
    const requestId = pending.requestId;
    const duration = outcome.kind === 'throttled' ? 0 : outcome.durationMs;
    if (outcome.kind === 'failed' && outcome.phase !== 'invoke')
      this.log(`${outcome.error.errorType}: ${outcome.error.errorMessage}`);
    this.log(`END RequestId: ${requestId}`);
    this.log(`REPORT RequestId: ${requestId}\tDuration: ${duration} ms\tMemory Size: ${this.spec.memoryMb} MB`);
    pending.resolve(outcome);
  }

  private die(reason: FunctionErrorPayload): void {
    if (this.ended) return;
    this.ended = true;
    const pending = this.pending;
    if (pending)
      this.finish({ kind: 'failed', phase: 'crash', error: reason, durationMs: Date.now() - pending.startedAt });
  }

  private pipeOutput(stream: NodeJS.ReadableStream | null): void {
    if (!stream) return;
    let buffered = '';
    stream.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      let newline = buffered.indexOf('\n');
      while (newline >= 0) {
        this.log(buffered.slice(0, newline));
        buffered = buffered.slice(newline + 1);
        newline = buffered.indexOf('\n');
      }
    });
  }
}

type WorkerReply =
  | { id: number; ok: true; payload: string }
  | { id: number; ok: false; phase: 'init' | 'invoke'; error: FunctionErrorPayload };

function crashPayload(error: Error): FunctionErrorPayload {
  return {
    errorType: 'Runtime.ExitError',
    errorMessage: `Runtime exited with error: ${error.name}: ${error.message}`,
    trace: String(error.stack ?? '').split('\n'),
  };
}
