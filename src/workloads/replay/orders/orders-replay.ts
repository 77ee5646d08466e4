import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CommandContext } from '../../../core/context.js';
import { AwsarchError, usageError } from '../../../core/errors.js';
import { rerunCommand } from '../../../core/rerun-hint.js';
import { readWorkloadStack, workloadAccount } from '../workload-stack.js';
import { catchUpSince } from './catch-up.js';
import { checkpointKey, FileCheckpointStore, newCheckpoint, sumStats, type RebuildCheckpoint } from './checkpoint.js';
import { RebuildInterruptedError, runRebuild } from './rebuild-engine.js';
import { planRebuild, type RebuildPlan } from './rebuild-plan.js';
import { statsOf, type OrdersReplayData } from './rebuild-result.js';
import { switchReadModels } from './read-model-switch.js';
import { countItems, createTargetTables, estimateCommits } from './target-tables.js';
import { ERR } from '../../../core/error-codes.js';
import { MSG } from '../../../core/message-codes.js';

const STACK = 'Orders';

export interface OrdersReplayRequest {
  readonly account?: string;
  readonly projections: readonly string[];
  readonly all: boolean;
  readonly fromVersion?: number;
  readonly toTable?: string;
  readonly dryRun: boolean;
  readonly segments: number;
  readonly concurrency: number;
  /** false (--no-resume): start over even if a checkpoint exists. */
  readonly resume: boolean;
  /** Where the checkpoint lives (default .awsarch/replay/orders-KEY.json). */
  readonly checkpoint?: string;
  /** Scan page size (tests use small pages). */
  readonly pageSize?: number;
  /** --tag: tags of the new tables, on top of the live tables' own. */
  readonly tags?: Readonly<Record<string, string>>;
}

const PROGRESS_EVERY_MS = 200;

/**
 * `awsarch replay orders`: rebuilds read models from the event store (see rebuild-engine.ts), in place
 * (idempotent by version) or into new tables that the stack is switched to once they are complete and
 * verified (then the orders that changed meanwhile are projected again). Resumes from its checkpoint.
 */
export async function replayOrders(ctx: CommandContext, request: OrdersReplayRequest): Promise<OrdersReplayData> {
  const started = ctx.clock.now();
  const account = await workloadAccount(ctx, request.account);
  const stack = await readWorkloadStack(account, STACK, 'orders');
  const plan = planRebuild(request, stack.outputs);
  const key = checkpointKey({
    account: account.accountId ?? 'caller',
    region: ctx.options.region,
    stack: stack.stackId,
    events: plan.eventsTable,
    mode: plan.mode,
    targets: plan.targets.map((target) => [target.projection, target.table]),
    fromVersion: plan.fromVersion,
    segments: plan.segments,
  });
  const store = new FileCheckpointStore(
    request.checkpoint ?? join(process.cwd(), '.awsarch', 'replay', `orders-${key}.json`),
  );
  let checkpoint: RebuildCheckpoint | undefined = request.resume ? await store.load() : undefined;
  if (checkpoint && checkpoint.key !== key)
    throw usageError(
      ERR.CHECKPOINT_MISMATCH,
      `${store.location} is the checkpoint of another rebuild`,
      'name another --checkpoint file, or pass --no-resume to start over',
    );
  const resumed = checkpoint !== undefined;
  const client = account.aws.client(DynamoDBClient);
  const db = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const base = {
    workload: 'orders' as const,
    ...(account.accountId ? { account: account.accountId } : {}),
    mode: plan.mode,
    eventsTable: plan.eventsTable,
    ...(plan.fromVersion !== undefined ? { fromVersion: plan.fromVersion } : {}),
    segments: plan.segments,
    concurrency: plan.concurrency,
  };

  if (request.dryRun) {
    const estimatedCommits = checkpoint?.totalCommits ?? (await estimateCommits(client, db, plan));
    const totals = sumStats(checkpoint?.segments ?? []);
    return {
      ...base,
      dryRun: true,
      ...statsOf(plan, totals),
      durationMs: ctx.clock.now() - started,
      eventsThisRun: 0,
      eventsPerSecond: 0,
      resumed,
      runs: checkpoint?.runs ?? 0,
      estimatedCommits,
      ...(resumed ? { checkpoint: store.location } : {}),
    };
  }

  const task = ctx.io.task(
    `Rebuild ${plan.targets.map((target) => target.projection).join(', ')} from ${plan.eventsTable} (${plan.mode === 'new-table' ? 'into new tables' : 'in place'})`,
  );
  try {
    if (plan.mode === 'new-table') {
      const tables = await createTargetTables(client, plan, { resuming: resumed, key }, ctx.clock, request.tags);
      if (tables.created.length)
        ctx.io.info(MSG.TABLES_CREATED, `created ${tables.created.join(', ')}`, { tables: tables.created });
      if (tables.recognised.length)
        ctx.io.info(
          MSG.TABLES_RECOGNISED,
          `${tables.recognised.join(', ')}: created by this rebuild before it was stopped (awsarch:rebuild tag); resuming into it`,
          { tables: tables.recognised },
        );
    }
    if (!checkpoint) {
      checkpoint = newCheckpoint(key, plan.segments, started);
      await store.save(checkpoint);
    }
    checkpoint.totalCommits ??= await estimateCommits(client, db, plan);
    if (resumed)
      ctx.io.info(
        MSG.REBUILD_RESUMED,
        `resuming from ${store.location}: ${sumStats(checkpoint.segments).events} events already done`,
        { checkpoint: store.location },
      );
    const before = sumStats(checkpoint.segments).commits;
    let last = 0;
    let thisRun = { commits: 0, events: 0 };
    const runStarted = ctx.clock.now();
    const total = checkpoint.totalCommits;
    const showProgress = (force = false) => {
      const now = ctx.clock.now();
      if (!force && now - last < PROGRESS_EVERY_MS) return;
      last = now;
      const perSecond = Math.round(thisRun.events / Math.max(0.001, (now - runStarted) / 1000));
      task.progress(Math.min(before + thisRun.commits, total), total, `${perSecond.toLocaleString('en-US')} events/s`);
    };
    let totals;
    try {
      totals = await runRebuild(
        {
          db,
          clock: ctx.clock,
          signal: ctx.signal,
          pageSize: request.pageSize,
          onProgress: (read) => {
            thisRun = read;
            showProgress();
          },
        },
        plan,
        checkpoint,
        store,
      );
    } catch (error) {
      if (error instanceof RebuildInterruptedError) {
        throw new AwsarchError(
          ERR.INTERRUPTED,
          `interrupted (Ctrl-C): the rebuild stopped at its last checkpoint (${store.location})`,
          { hint: `resume with: ${rerunCommand(ctx, [], 'the same command')}` },
        );
      }
      throw error;
    }
    showProgress(true);
    const runMs = ctx.clock.now() - runStarted;
    const stats = statsOf(plan, totals);
    const common = {
      ...base,
      dryRun: false,
      ...stats,
      durationMs: ctx.clock.now() - started,
      eventsThisRun: thisRun.events,
      eventsPerSecond: Math.round(thisRun.events / Math.max(0.001, runMs / 1000)),
      resumed,
      runs: checkpoint.runs,
    };
    if (totals.failed.length > 0) {
      task.fail(
        `${totals.failed.length} aggregate(s) could not be projected${plan.mode === 'new-table' ? '; not switched' : ''}`,
      );
      ctx.io.warn(
        MSG.REBUILD_INCOMPLETE,
        plan.mode === 'new-table'
          ? 'the new tables are incomplete, so the read models were not switched to them'
          : 'some read-model rows could not be rebuilt',
        { failed: totals.failed.length },
      );
      return { ...common, checkpoint: store.location };
    }
    let switched;
    let catchUp;
    if (plan.mode === 'new-table') {
      await verifyComplete(db, plan, stats.targets);
      task.update('complete and verified; switching the stack to the new tables');
      switched = await switchReadModels(account.aws, stack, plan, ctx.clock);
      catchUp = await catchUpSince({ db, clock: ctx.clock }, plan, checkpoint.startedAt);
    }
    await store.remove();
    task.succeed(
      `${stats.eventsRead.toLocaleString('en-US')} events, ${stats.aggregates.toLocaleString('en-US')} orders, ${stats.itemsWritten.toLocaleString('en-US')} items written${switched ? '; switched' : ''}`,
    );
    return { ...common, ...(switched ? { switched } : {}), ...(catchUp ? { catchUp } : {}) };
  } catch (error) {
    task.fail();
    throw error;
  }
}

/** Before switching: each new table holds exactly the rows the rebuild produced (a COUNT scan). */
async function verifyComplete(
  db: DynamoDBDocumentClient,
  plan: RebuildPlan,
  targets: OrdersReplayData['targets'],
): Promise<void> {
  for (const target of targets) {
    const found = await countItems(db, target.table, plan.segments);
    if (found !== target.rows) {
      throw new AwsarchError(
        ERR.REBUILD_UNVERIFIED,
        `${target.table} holds ${found} items, the rebuild produced ${target.rows}: not switching to it`,
        {
          hint: 'something else writes to the new table, or the rebuild was interrupted without its checkpoint; rebuild into a fresh table',
        },
      );
    }
  }
}
