import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { hostname, userInfo } from 'node:os';
import {
  DeleteParameterCommand,
  paginateGetParametersByPath,
  PutParameterCommand,
  SSMClient,
} from '@aws-sdk/client-ssm';
import type { CommandContext } from '../core/context.js';
import { ERR } from '../core/error-codes.js';
import { AwsarchError } from '../core/errors.js';
import { MSG } from '../core/message-codes.js';
import { isAwsError, toAwsarchError } from './aws-errors.js';
import { CallCounter } from './call-counter.js';
import { AwsClients } from './clients.js';
import { collectPages } from './paginate.js';
import {
  describeHolder,
  generationOf,
  isSuperseded,
  judgeLease,
  leaseParameterName,
  parseLeaseRecord,
  type LeaseGeneration,
  type LeaseRecord,
} from './run-lease-decisions.js';

/**
 * The run lease: one awsarch run at a time changes an organization. It lives in AWS itself - SSM
 * parameters under /awsarch/run-lease/ in the management account - so two pipelines, two laptops or a
 * pipeline and a laptop see each other. A run that is killed holds it for at most its TTL (at once when
 * it ran on the same host). Parameter Store needs no setup (no table, no bucket), costs nothing for
 * standard parameters, and its create-only PutParameter is the compare-and-set a lease needs.
 */
export interface RunLeaseOptions {
  /** What the run does, shown to whoever waits: "baseline apply". */
  purpose: string;
  /** How long to wait for another run's lease before giving up (0: refuse at once). */
  waitMs: number;
  /** Tests shorten these. */
  ttlSeconds?: number;
  pollMs?: number;
}

export const RUN_LEASE_PATH = '/awsarch/run-lease/organization';
const DEFAULT_TTL_SECONDS = 60;
const DEFAULT_POLL_MS = 2_000;
/** Releasing after Ctrl-C or a failure gets this long, whatever the request timeout. */
const RELEASE_TIMEOUT_MS = 5_000;

/** Organizations lives in one Region per partition; the lease does too, so every run finds the same one. */
export function leaseRegion(region: string): string {
  if (region.startsWith('cn-')) return 'cn-northwest-1';
  if (region.startsWith('us-gov-')) return 'us-gov-west-1';
  return 'us-east-1';
}

/** Runs work while holding the organization's run lease: waits for (or refuses) a concurrent run first. */
export async function withRunLease<T>(
  ctx: CommandContext,
  options: RunLeaseOptions,
  work: (ctx: CommandContext) => Promise<T>,
): Promise<T> {
  const lease = new RunLease(ctx, options);
  await lease.acquire();
  const lost = new AbortController();
  const renewing = lease.keepRenewing(() => lost.abort()).catch(() => undefined);
  try {
    const signal = AbortSignal.any([ctx.signal, lost.signal]);
    setMaxListeners(0, signal);
    const result = await work({ ...ctx, signal });
    if (lost.signal.aborted) throw lease.lostError();
    return result;
  } catch (error) {
    throw lost.signal.aborted && !ctx.signal.aborted ? lease.lostError(error) : error;
  } finally {
    lease.stop();
    await renewing;
    await lease.release();
  }
}

class RunLease {
  private readonly clients: AwsClients;
  private readonly ssm: SSMClient;
  private readonly record: LeaseRecord;
  private readonly ttlSeconds: number;
  private readonly pollMs: number;
  private readonly stopping = new AbortController();
  private generation = 0;
  private lastRenewed = 0;
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly ctx: CommandContext,
    private readonly options: RunLeaseOptions,
  ) {
    // Its own counter: the lease is awsarch's bookkeeping, not a change to the landing zone.
    this.clients = new AwsClients(ctx.aws.target, undefined, undefined, new CallCounter());
    this.ssm = this.clients.client(SSMClient, { region: leaseRegion(ctx.options.region) });
    this.ttlSeconds = options.ttlSeconds ?? DEFAULT_TTL_SECONDS;
    this.pollMs = options.pollMs ?? DEFAULT_POLL_MS;
    const now = new Date(ctx.clock.now()).toISOString();
    let user: string | undefined;
    try {
      user = userInfo().username;
    } catch {
      user = undefined;
    }
    this.record = {
      holder: randomUUID(),
      purpose: options.purpose,
      pid: process.pid,
      host: hostname(),
      ...(user ? { user } : {}),
      startedAt: now,
      renewedAt: now,
      ttlSeconds: this.ttlSeconds,
    };
  }

  private async generations(): Promise<LeaseGeneration[]> {
    const parameters = await collectPages(
      paginateGetParametersByPath({ client: this.ssm }, { Path: RUN_LEASE_PATH, Recursive: false }),
      (page) => page.Parameters,
    );
    const now = this.ctx.clock.now();
    return parameters.flatMap((parameter) => {
      const generation = generationOf(RUN_LEASE_PATH, parameter.Name ?? '');
      if (generation === undefined) return [];
      const key = `${parameter.Name}#${parameter.Version}`;
      if (!this.seen.has(key)) this.seen.set(key, now);
      return [
        {
          generation,
          name: parameter.Name ?? '',
          version: parameter.Version ?? 0,
          lastModified: parameter.LastModifiedDate?.getTime() ?? now,
          record: parseLeaseRecord(parameter.Value),
        },
      ];
    });
  }

  /** Takes the lease, waiting while another live run holds it. */
  async acquire(): Promise<void> {
    const started = this.ctx.clock.now();
    let waiting: ReturnType<CommandContext['io']['task']> | undefined;
    try {
      for (;;) {
        const generations = await this.generations();
        const state = judgeLease({
          generations,
          now: this.ctx.clock.now(),
          firstSeen: (name, version) => this.seen.get(`${name}#${version}`) ?? this.ctx.clock.now(),
          host: this.record.host,
          isAlive,
        });
        if (state.kind === 'free') {
          if (await this.create(state.next)) {
            waiting?.succeed(`taken after ${Math.round((this.ctx.clock.now() - started) / 1000)}s`);
            await this.removeOlder(generations);
            return;
          }
          continue; // another run took generation `next` first: judge again
        }
        const holder = describeHolder(state.by);
        const waited = this.ctx.clock.now() - started;
        if (waited >= this.options.waitMs) {
          waiting?.fail();
          throw new AwsarchError(
            ERR.RUN_LEASE_HELD,
            `another awsarch run is changing this organization: ${holder}${waited > 0 ? `; waited ${Math.round(waited / 1000)}s` : ''}`,
            {
              hint: `run again when it has finished (a killed run's lease expires within ${this.ttlSeconds}s), or wait longer with --lease-wait (e.g. 15m)`,
              details: { holder: state.by.record, parameter: state.by.name },
            },
          );
        }
        waiting ??= this.ctx.io.task(`Wait for the run lease held by ${holder}`);
        waiting.update(`free within ${Math.ceil(state.expiresInMs / 1000)}s if that run stopped renewing it`);
        await this.ctx.clock.sleep(
          Math.min(this.pollMs, Math.max(1, this.options.waitMs - waited), Math.max(1, state.expiresInMs)),
          this.ctx.signal,
        );
      }
    } catch (error) {
      waiting?.fail();
      throw toAwsarchError(error, 'Taking the run lease');
    }
  }

  private async create(generation: number): Promise<boolean> {
    try {
      await this.ssm.send(
        new PutParameterCommand({
          Name: leaseParameterName(RUN_LEASE_PATH, generation),
          Value: JSON.stringify(this.record),
          Type: 'String',
          Description: 'awsarch run lease: the run that changes this organization now',
          Tags: [
            { Key: 'awsarch:managed', Value: 'true' },
            { Key: 'awsarch:purpose', Value: 'run-lease' },
          ],
        }),
      );
    } catch (error) {
      if (!isAwsError(error, 'ParameterAlreadyExists')) throw error;
      // The SDK resends a request whose answer was lost: the generation may be this run's own.
      const name = leaseParameterName(RUN_LEASE_PATH, generation);
      const taken = (await this.generations()).find((candidate) => candidate.name === name);
      if (taken?.record?.holder !== this.record.holder) return false;
    }
    this.generation = generation;
    this.lastRenewed = this.ctx.clock.now();
    return true;
  }

  /** Earlier generations are history once a later one exists; removing them keeps the path short. */
  private async removeOlder(generations: readonly LeaseGeneration[]): Promise<void> {
    for (const old of generations.filter((generation) => generation.generation < this.generation)) {
      await this.ssm.send(new DeleteParameterCommand({ Name: old.name })).catch((error: unknown) => {
        if (!isAwsError(error, 'ParameterNotFound')) throw error;
      });
    }
  }

  private async write(record: LeaseRecord, options?: { abortSignal?: AbortSignal }): Promise<void> {
    await this.ssm.send(
      new PutParameterCommand({
        Name: leaseParameterName(RUN_LEASE_PATH, this.generation),
        Value: JSON.stringify(record),
        Type: 'String',
        Overwrite: true,
      }),
      options,
    );
  }

  /**
   * Renews every quarter of the TTL until stopped. The lease is lost (onLost) when a later generation
   * appears - another run judged this one dead - or when no renewal succeeded for a whole TTL.
   */
  async keepRenewing(onLost: () => void): Promise<void> {
    const interval = (this.ttlSeconds * 1000) / 4;
    while (!this.stopping.signal.aborted) {
      try {
        await this.ctx.clock.sleep(interval, this.stopping.signal);
      } catch {
        return;
      }
      try {
        if (isSuperseded(await this.generations(), this.generation)) return onLost();
        await this.write({ ...this.record, renewedAt: new Date(this.ctx.clock.now()).toISOString() });
        this.lastRenewed = this.ctx.clock.now();
      } catch {
        if (this.ctx.clock.now() - this.lastRenewed >= this.ttlSeconds * 1000) return onLost();
      }
    }
  }

  stop(): void {
    this.stopping.abort();
  }

  /** Marks the lease released (the next run takes it at once); bounded, and made even after Ctrl-C. */
  async release(): Promise<void> {
    try {
      if (this.generation > 0 && !isSuperseded(await this.generations().catch(() => []), this.generation))
        await this.write({ ...this.record, released: true }, { abortSignal: AbortSignal.timeout(RELEASE_TIMEOUT_MS) });
    } catch (error) {
      this.ctx.io.warn(
        MSG.RUN_LEASE_NOT_RELEASED,
        `the run lease was not released (${toAwsarchError(error, 'Releasing it').message}); the next run waits for it to expire (${this.ttlSeconds}s)`,
      );
    } finally {
      this.clients.destroy();
    }
  }

  lostError(cause?: unknown): AwsarchError {
    return new AwsarchError(
      ERR.RUN_LEASE_LOST,
      `this run lost the run lease (it could not renew it for ${this.ttlSeconds}s, or another run took it over): stopped`,
      {
        cause,
        hint: 're-run the same command; it continues from what AWS shows now',
      },
    );
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
