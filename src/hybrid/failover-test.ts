import {
  DirectConnectClient,
  ListVirtualInterfaceTestHistoryCommand,
  StartBgpFailoverTestCommand,
  StopBgpFailoverTestCommand,
} from '@aws-sdk/client-direct-connect';
import { AFTER_INTERRUPT } from '../aws/request-safety.js';
import { isAwsError, toAwsarchError } from '../aws/aws-errors.js';
import type { AwsClients } from '../aws/clients.js';
import { confirmDestructive, type CommandContext } from '../core/context.js';
import { AwsarchError } from '../core/errors.js';
import type { LiveFrames } from '../core/outcome.js';
import { assessHybridPath } from './assess.js';
import { failoverTestInfo } from './collect-directconnect.js';
import { collectHybridSnapshot } from './collect.js';
import { FailoverAlarmWatch } from './failover-alarms.js';
import { FrameLog } from './failover-frames.js';
import {
  failoverRun,
  type FailoverFrame,
  type FailoverPhase,
  type FailoverOutcome,
  type FailoverRun,
  type FailoverTestData,
} from './failover-result.js';
import { pathOfPrefixes, planFailoverTest } from './failover-plan.js';
import { resolveNetworkAccount } from './network-account.js';
import type { DxFailoverTestInfo } from './snapshot.js';
import type { HybridStatusData } from './status.js';
import { ERR } from '../core/error-codes.js';
import { MSG } from '../core/message-codes.js';

export interface FailoverTestRequest {
  account?: string;
  /** --vif: ids or names (repeatable: testing every interface of a gateway moves traffic to the VPN). */
  vifs: readonly string[];
  durationMinutes: number;
  /** --wait: let the test run its full duration instead of stopping it once the fail-over is seen. */
  wait: boolean;
  /** How often the path is read while the test runs. */
  intervalMs: number;
  /** How long each phase (fail-over, end, fail-back) may take before giving up. */
  timeoutMs: number;
}

interface Observation {
  data: HybridStatusData;
  at: number;
  /** Hybrid alarms in ALARM at that read. */
  alarming: string[];
}

/** What every read during the test needs. */
interface Watch {
  accountId: string | undefined;
  frames: FrameLog;
  alarms?: FailoverAlarmWatch;
}

/** Reads and assesses the path, and shows it when it changed. */
async function observe(ctx: CommandContext, watch: Watch, phase: FailoverPhase): Promise<Observation> {
  const [snapshot, alarming] = await Promise.all([
    collectHybridSnapshot(ctx.aws, ctx.clock, { accountId: watch.accountId, accountDns: 'skip' }),
    watch.alarms?.read() ?? [],
  ]);
  const data = { snapshot, assessment: assessHybridPath(snapshot) };
  const at = ctx.clock.now();
  watch.frames.show(phase, data, at, alarming);
  // Ctrl-C takes effect between reads too, not only while sleeping.
  if (ctx.signal.aborted) throw ctx.signal.reason ?? new Error('interrupted');
  return { data, at, alarming };
}

/** Polls until `done` says so or the deadline passes (undefined then). Ctrl-C rejects the sleep. */
async function pollUntil(
  ctx: CommandContext,
  request: FailoverTestRequest,
  watch: Watch,
  phase: FailoverPhase,
  done: (observation: Observation) => boolean,
): Promise<Observation | undefined> {
  const deadline = ctx.clock.now() + request.timeoutMs;
  for (;;) {
    const observation = await observe(ctx, watch, phase);
    if (done(observation)) return observation;
    if (ctx.clock.now() + request.intervalMs > deadline) return undefined;
    await ctx.clock.sleep(request.intervalMs, ctx.signal);
  }
}

async function stopTests(dx: DirectConnectClient, vifIds: readonly string[]): Promise<void> {
  await Promise.all(
    vifIds.map(async (virtualInterfaceId) => {
      try {
        // Also (above all) after Ctrl-C: restoring BGP is what an interrupted test must still do.
        await dx.send(new StopBgpFailoverTestCommand({ virtualInterfaceId }), AFTER_INTERRUPT);
      } catch (error) {
        // The test may have ended by itself in the meantime; anything else is worth reporting.
        if (!isAwsError(error, 'DirectConnectClientException'))
          throw toAwsarchError(error, `Stopping the failover test on ${virtualInterfaceId}`);
      }
    }),
  );
}

async function testHistory(
  dx: DirectConnectClient,
  tests: readonly DxFailoverTestInfo[],
): Promise<DxFailoverTestInfo[]> {
  const found = await Promise.all(
    tests.map(async (test) => {
      const page = await dx.send(
        new ListVirtualInterfaceTestHistoryCommand({
          testId: test.testId,
          virtualInterfaceId: test.virtualInterfaceId,
        }),
      );
      return (page.virtualInterfaceTestHistory ?? []).map(failoverTestInfo);
    }),
  );
  return found.flat();
}

/**
 * `hybrid failover-test`: AWS's BGP failover test with a guardrail and measurements. Refuses
 * (changing nothing) unless the backup VPN is healthy; asks first; starts the test on every --vif;
 * watches the path move (fail-over time); stops the test, or with --wait lets it expire; watches the
 * path come back (fail-back time); reports the test history. Ctrl-C stops the test before exiting.
 */
export async function runFailoverTest(
  ctx: CommandContext,
  request: FailoverTestRequest,
  frames: LiveFrames<FailoverFrame> = () => {},
): Promise<FailoverRun> {
  const accountId = await resolveNetworkAccount(ctx, request.account);
  const aws: AwsClients = accountId ? ctx.aws.forAccount(accountId) : ctx.aws;
  const dx = aws.client(DirectConnectClient);
  const watch: Watch = { accountId, frames: new FrameLog(frames) };
  const [before, alarms] = await Promise.all([
    observe(ctx, watch, { phase: 'precheck', description: 'checking that the backup can take the traffic' }),
    FailoverAlarmWatch.start(aws),
  ]);
  watch.alarms = alarms;
  const plan = planFailoverTest(before.data.snapshot, before.data.assessment, request.vifs);
  const vifList = plan.vifs.map((vif) => vif.name).join(', ');
  const question = `Take BGP down on ${vifList} for up to ${request.durationMinutes} min (${plan.prefixes.join(', ')} should move to ${plan.expected === 'vpn' ? 'the VPN' : 'the other Direct Connect interfaces'})?`;
  if (!(await confirmDestructive(ctx, question)))
    throw new AwsarchError(ERR.CANCELLED, 'failover test cancelled; nothing was changed');

  const task = ctx.io.task(`BGP failover test on ${vifList}`);
  const started: DxFailoverTestInfo[] = [];
  let running = false;
  let interrupted = false;
  const onAbort = () => (interrupted = true);
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  try {
    const results = await Promise.allSettled(
      plan.vifs.map((vif) =>
        dx.send(
          new StartBgpFailoverTestCommand({
            virtualInterfaceId: vif.id,
            testDurationInMinutes: request.durationMinutes,
          }),
        ),
      ),
    );
    for (const result of results)
      if (result.status === 'fulfilled' && result.value.virtualInterfaceTest)
        started.push(failoverTestInfo(result.value.virtualInterfaceTest));
    running = started.length > 0;
    const failed = results.find((result) => result.status === 'rejected');
    if (failed) throw toAwsarchError(failed.reason, 'Starting the BGP failover test');
    const startedAt = ctx.clock.now();
    alarms.testStarted(startedAt);
    task.update(`started ${started.map((test) => test.testId).join(', ')}; waiting for the path to move`);

    // Set from inside the polling callback, hence an object rather than narrowed locals.
    const seen: { outcome: FailoverOutcome; failoverMs?: number } = { outcome: 'no-failover' };
    let seenTesting = false;
    const during = await pollUntil(
      ctx,
      request,
      watch,
      {
        phase: 'failover',
        description: `BGP down on ${vifList}, waiting for ${plan.prefixes.join(', ')} to move to ${plan.expected}`,
      },
      (observation) => {
        const { assessment, snapshot } = observation.data;
        if (assessment.prefixes.some((prefix) => plan.prefixes.includes(prefix.prefix) && prefix.path === 'none')) {
          seen.outcome = 'traffic-dropped';
          return true;
        }
        const inTest = plan.vifs.every(
          (vif) =>
            snapshot.directConnect.virtualInterfaces.find((candidate) => candidate.id === vif.id)?.state === 'testing',
        );
        seenTesting ||= inTest;
        const path = pathOfPrefixes(assessment, plan.prefixes);
        if (plan.expected === 'vpn' && path === 'vpn') {
          seen.outcome = 'failed-over';
          seen.failoverMs = observation.at - startedAt;
          return true;
        }
        if (plan.expected === 'dx' && inTest && path === 'dx') {
          seen.outcome = 'stayed-on-dx';
          return true;
        }
        // The test ended (expired, or stopped elsewhere) before the path moved.
        return seenTesting && !inTest;
      },
    );
    const { outcome, failoverMs } = seen;
    task.update(outcome === 'failed-over' ? `failed over in ${failoverMs} ms` : outcome);

    let endedAt: number;
    let ended: FailoverTestData['ended'];
    if (request.wait && outcome !== 'traffic-dropped') {
      const end = await pollUntil(
        ctx,
        request,
        watch,
        { phase: 'expiry', description: `waiting for the test to end by itself (${request.durationMinutes} min)` },
        (observation) =>
          plan.vifs.every(
            (vif) =>
              observation.data.snapshot.directConnect.virtualInterfaces.find((candidate) => candidate.id === vif.id)
                ?.state !== 'testing',
          ),
      );
      if (!end)
        throw new AwsarchError(
          ERR.FAILOVER_TEST_TIMEOUT,
          `the failover test did not end within ${Math.round(request.timeoutMs / 1000)}s`,
        );
      endedAt = end.at;
      alarms.testEnded(endedAt);
      ended = 'expired';
    } else {
      await stopTests(
        dx,
        started.map((test) => test.virtualInterfaceId),
      );
      endedAt = ctx.clock.now();
      alarms.testEnded(endedAt);
      ended = 'stopped';
    }
    running = false;
    const after = await pollUntil(
      ctx,
      request,
      watch,
      {
        phase: 'failback',
        description: `test ended, waiting for ${plan.prefixes.join(', ')} to come back to Direct Connect`,
      },
      (observation) => pathOfPrefixes(observation.data.assessment, plan.prefixes) === 'dx',
    );
    const failbackMs = after ? after.at - endedAt : undefined;
    // Alarms evaluate once a period: the ones that fired may clear a little after the path is back.
    if (after && alarms.uncleared().length > 0)
      await pollUntil(
        ctx,
        request,
        watch,
        {
          phase: 'failback',
          description: `back on Direct Connect, waiting for ${alarms.uncleared().join(', ')} to clear`,
        },
        () => alarms.uncleared().length === 0,
      );
    const history = await testHistory(dx, started);
    task.succeed(`${outcome}${failbackMs !== undefined ? `, failed back in ${failbackMs} ms` : ', did not fail back'}`);
    return failoverRun({
      plan,
      started,
      history,
      outcome,
      failoverMs,
      failbackMs,
      ended,
      intervalMs: request.intervalMs,
      before: before.data,
      during: during?.data,
      after: after?.data,
      alarms: alarms.summary(history),
      alarmsNote: alarms.note,
    });
  } catch (error) {
    task.fail();
    if (interrupted)
      throw new AwsarchError(
        ERR.INTERRUPTED,
        'interrupted (Ctrl-C): the BGP failover test was stopped, AWS is restoring BGP',
        { cause: error },
      );
    throw error;
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
    if (running) {
      await stopTests(
        dx,
        started.map((test) => test.virtualInterfaceId),
      );
      ctx.io.warn(
        MSG.FAILOVER_TEST_STOPPED,
        `stopped the BGP failover test on ${started.map((test) => test.virtualInterfaceId).join(', ')}`,
        { tests: started.map((test) => test.testId) },
      );
    }
  }
}
