import { ExecutionEnvironment, type EnvironmentSpec, type LogSink } from './execution-environment.js';
import type { InvocationOutcome } from './invocation.js';

export interface PoolLimits {
  /** Environments this process runs at once for the function (the machine's share, not an AWS quota). */
  readonly environments: number;
  /** The function's reserved concurrency, when set: beyond it, synchronous calls are throttled as on AWS. */
  readonly reserved?: number;
  /** An idle environment is shut down after this long. */
  readonly idleMs: number;
  /** An environment is replaced after this long (its credentials expire). */
  readonly maxAgeMs: number;
}

interface Waiter {
  readonly resolve: (environment: ExecutionEnvironment) => void;
}

/**
 * The execution environments of one function configuration (code, environment, credentials): reuses an
 * idle one (warm start), starts one while under the limit (cold start), and otherwise queues the
 * invocation until one is free. A configuration change makes a new pool; the old one drains and ends.
 */
export class FunctionPool {
  private readonly environments = new Set<ExecutionEnvironment>();
  /** Environments handed to an invocation (from acquire until release). */
  private readonly claimed = new Set<ExecutionEnvironment>();
  private readonly waiters: Waiter[] = [];
  private closed = false;

  constructor(
    readonly spec: EnvironmentSpec,
    private readonly limits: PoolLimits,
    private readonly log: LogSink,
  ) {}

  get size(): number {
    return this.environments.size;
  }

  get busyCount(): number {
    return this.claimed.size;
  }

  /** Whether a synchronous call must be refused: the function's reserved concurrency is in use. */
  atReservedLimit(): boolean {
    return this.limits.reserved !== undefined && this.busyCount + this.waiters.length >= this.limits.reserved;
  }

  /** Runs one invocation in an environment of this pool, waiting for one if all are busy. */
  async run(event: unknown, requestId: string): Promise<InvocationOutcome> {
    const environment = await this.acquire();
    try {
      return await environment.invoke(event, requestId);
    } finally {
      this.release(environment);
    }
  }

  /** Ends idle environments that outlived idleMs or maxAgeMs; returns whether the pool is now empty. */
  reap(now: number): boolean {
    for (const environment of this.environments) {
      if (this.claimed.has(environment)) continue;
      if (now - environment.lastUsedAt > this.limits.idleMs || now - environment.createdAt > this.limits.maxAgeMs)
        void this.discard(environment);
    }
    return this.environments.size === 0 && this.waiters.length === 0;
  }

  /** Stops taking invocations; idle environments end now, busy ones when their invocation ends. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.environments].filter((env) => !this.claimed.has(env)).map((env) => this.discard(env)));
  }

  /** Ends every environment at once, busy or not. */
  async terminate(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.environments].map((environment) => this.discard(environment)));
  }

  private acquire(): Promise<ExecutionEnvironment> {
    const capacity = Math.min(this.limits.environments, this.limits.reserved ?? Number.POSITIVE_INFINITY);
    for (const environment of this.environments) {
      if (!environment.alive) this.environments.delete(environment);
      else if (!this.claimed.has(environment)) return Promise.resolve(this.claim(environment));
    }
    if (this.environments.size < capacity) {
      const environment = new ExecutionEnvironment(this.spec, this.log);
      this.environments.add(environment);
      return Promise.resolve(this.claim(environment));
    }
    return new Promise((resolve) => this.waiters.push({ resolve }));
  }

  private claim(environment: ExecutionEnvironment): ExecutionEnvironment {
    this.claimed.add(environment);
    return environment;
  }

  /** The environment is free again: the next waiter takes it (or a new one if it died). */
  private release(environment: ExecutionEnvironment): void {
    this.claimed.delete(environment);
    if (!environment.alive || this.closed) {
      this.environments.delete(environment);
      if (environment.alive) void environment.terminate();
    }
    const waiter = this.waiters.shift();
    if (!waiter) return;
    if (environment.alive && !this.closed) {
      waiter.resolve(this.claim(environment));
      return;
    }
    const replacement = new ExecutionEnvironment(this.spec, this.log);
    this.environments.add(replacement);
    waiter.resolve(this.claim(replacement));
  }

  private async discard(environment: ExecutionEnvironment): Promise<void> {
    this.environments.delete(environment);
    await environment.terminate();
  }
}
