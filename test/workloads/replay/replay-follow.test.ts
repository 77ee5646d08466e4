import {
  CancelReplayCommand,
  DescribeReplayCommand,
  EventBridgeClient,
  type ReplayState,
} from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import type { Clock } from '../../../src/core/clock.js';
import { followReplay } from '../../../src/workloads/replay/replay-follow.js';
import { testContext } from '../../helpers/context.js';
import { RecordingHost } from '../../helpers/recording-host.js';

const START = new Date('2026-11-24T00:00:00Z');
const END = new Date('2026-11-24T10:00:00Z');
const replay = (State: ReplayState, hours?: number) => ({
  ReplayName: 'r',
  State,
  EventStartTime: START,
  EventEndTime: END,
  ...(hours === undefined ? {} : { EventLastReplayedTime: new Date(START.getTime() + hours * 3_600_000) }),
});

/** A clock whose sleeps pass at once, unless Ctrl-C is "pressed" on the given sleep (then it rejects like the real one). */
function clockWithCtrlC(controller: AbortController, interruptOnSleep: number): Clock {
  let now = 1_000_000;
  let sleeps = 0;
  return {
    now: () => now,
    sleep: async (ms, signal) => {
      sleeps += 1;
      if (sleeps === interruptOnSleep) controller.abort(new Error('interrupted'));
      if (signal?.aborted) throw signal.reason;
      now += ms;
    },
  };
}

function setup(options: { interactive: boolean; answer?: boolean; yes?: boolean }) {
  const host = new RecordingHost(options.interactive);
  if (options.answer !== undefined) host.answers.push(options.answer);
  const { ctx } = testContext({ host, options: { yes: options.yes ?? false } });
  const controller = new AbortController();
  const clock = clockWithCtrlC(controller, 2);
  const events = new EventBridgeClient({ region: 'us-east-1' });
  const mock = mockClient(events);
  return { ctx: { ...ctx, clock, signal: controller.signal }, host, events, mock };
}

describe('following a replay', () => {
  it('reports the share of the window as progress until the replay completes', async () => {
    const { ctx, host, events, mock } = setup({ interactive: false });
    mock
      .on(DescribeReplayCommand)
      .resolvesOnce(replay('STARTING'))
      .resolvesOnce(replay('RUNNING', 2))
      .resolvesOnce(replay('RUNNING', 6))
      .resolves(replay('COMPLETED', 10));
    const task = host.task('replay');
    const noCtrlC = { ...ctx, signal: new AbortController().signal };
    const outcome = await followReplay(noCtrlC, events, 'r', task, { intervalMs: 1000, timeoutMs: 60_000 });
    expect([outcome.replay.State, outcome.progress.share, outcome.cancelledByUser]).toEqual(['COMPLETED', 1, false]);
    expect(host.tasks[0]?.progress).toEqual({ done: 1000, total: 1000 });
  });

  it('on Ctrl-C asks, and cancels the replay and follows it to CANCELLED when the answer is yes', async () => {
    const { ctx, host, events, mock } = setup({ interactive: true, answer: true });
    mock
      .on(DescribeReplayCommand)
      .resolvesOnce(replay('RUNNING', 1))
      .resolvesOnce(replay('RUNNING', 2))
      .resolvesOnce(replay('CANCELLING', 2))
      .resolves(replay('CANCELLED', 2));
    mock.on(CancelReplayCommand).resolves({ State: 'CANCELLING' });
    const outcome = await followReplay(ctx, events, 'r', host.task('replay'), { intervalMs: 1000, timeoutMs: 60_000 });
    expect(host.questions).toEqual(['Cancel replay r (CancelReplay)? Answering no leaves it running']);
    expect(mock.commandCalls(CancelReplayCommand)).toHaveLength(1);
    expect([outcome.replay.State, outcome.cancelledByUser]).toEqual(['CANCELLED', true]);
    // While it ran there was a time left; once cancelled, none (it will not finish).
    const texts = host.progress.map((entry) => entry.text ?? '');
    expect(texts.filter((text) => text.startsWith('RUNNING')).some((text) => text.includes('left'))).toBe(true);
    const afterCancel = texts.filter((text) => /^CANCEL/.test(text));
    expect(afterCancel).toHaveLength(2);
    for (const text of afterCancel) expect(text).not.toContain('left');
    expect(outcome.progress.etaMs).toBeUndefined();
  });

  it('on Ctrl-C leaves the replay running when the answer is no, and without a terminal (unless --yes)', async () => {
    for (const options of [{ interactive: true, answer: false }, { interactive: false }]) {
      const { ctx, host, events, mock } = setup(options);
      mock.on(DescribeReplayCommand).resolves(replay('RUNNING', 1));
      await expect(
        followReplay(ctx, events, 'r', host.task('replay'), { intervalMs: 1000, timeoutMs: 60_000 }),
      ).rejects.toMatchObject({
        code: 'interrupted',
        message: 'interrupted (Ctrl-C): replay r is left RUNNING and goes on',
      });
      expect(mock.commandCalls(CancelReplayCommand)).toHaveLength(0);
    }
    const { ctx, host, events, mock } = setup({ interactive: false, yes: true });
    mock
      .on(DescribeReplayCommand)
      .resolvesOnce(replay('RUNNING', 1))
      .resolvesOnce(replay('RUNNING', 1))
      .resolves(replay('CANCELLED', 1));
    mock.on(CancelReplayCommand).resolves({ State: 'CANCELLING' });
    expect(
      (await followReplay(ctx, events, 'r', host.task('replay'), { intervalMs: 1000, timeoutMs: 60_000 }))
        .cancelledByUser,
    ).toBe(true);
    expect(host.questions).toEqual([]);
  });
});
