import {
  DescribeVirtualInterfacesCommand,
  ListVirtualInterfaceTestHistoryCommand,
} from '@aws-sdk/client-direct-connect';
import { describe, expect, it } from 'vitest';
import { exitCodeOf } from '../../src/core/exit-code.js';
import { toDocument } from '../../src/documents/document.js';
import { failoverFrameDocument } from '../../src/documents/hybrid.js';
import { failoverTestOutcome, type FailoverFrame } from '../../src/hybrid/failover-result.js';
import { runFailoverTest, type FailoverTestRequest } from '../../src/hybrid/failover-test.js';
import { SANDBOX_CREDENTIALS } from '@awsarch/aws-sandbox';
import { HYBRID_TOPOLOGY } from '../../packages/aws-sandbox/src/seeds/hybrid.js';
import { failoverView } from '../../src/ui/views/hybrid-failover.js';
import { testContext } from '../helpers/context.js';
import { seededHybridSandbox } from '../../packages/aws-sandbox/test/fixtures/hybrid-sandbox.js';

const [EQDC2, CSVA1] = HYBRID_TOPOLOGY.connections.map((connection) => connection.vif);
const BOTH = [EQDC2 ?? '', CSVA1 ?? ''];

function request(overrides: Partial<FailoverTestRequest> = {}): FailoverTestRequest {
  return { vifs: BOTH, durationMinutes: 1, wait: false, intervalMs: 20, timeoutMs: 15_000, ...overrides };
}

async function setup(options: { failoverMinuteMs?: number; yes?: boolean } = {}) {
  const fixture = await seededHybridSandbox({ failoverMinuteMs: options.failoverMinuteMs ?? 60_000 });
  const { ctx, io } = testContext({
    target: { endpoint: fixture.sandbox.endpoint, credentials: SANDBOX_CREDENTIALS, maxAttempts: 3 },
    options: { yes: options.yes ?? true },
  });
  const frames: FailoverFrame[] = [];
  return { ...fixture, ctx, io, frames, onFrame: (frame: FailoverFrame) => frames.push(frame) };
}

/** The path of the on-premises prefixes in each live frame, with repeats collapsed: e.g. dx, vpn, dx. */
function pathsSeen(frames: FailoverFrame[]): string[] {
  const paths = frames.map(
    (frame) => failoverFrameDocument(frame.phase, frame.observed.assessment, frame.at, frame.alarming).path,
  );
  return paths.filter((path, index) => index === 0 || path !== paths[index - 1]);
}

describe('hybrid failover-test in the sandbox', () => {
  it('fails over to the VPN and back when BGP goes down on every interface, measuring both, and stops the test', async () => {
    const { ctx, dx, frames, onFrame } = await setup();
    const result = await runFailoverTest(ctx, request(), onFrame);
    expect(exitCodeOf(failoverTestOutcome(result.data))).toBe(0);
    expect(toDocument('hybrid-failover-test', result.data)).toMatchObject({
      schemaVersion: 1,
      kind: 'hybrid-failover-test',
    });
    expect(result.data).toMatchObject({
      outcome: 'failed-over',
      expected: 'vpn',
      ended: 'stopped',
      prefixes: ['10.0.0.0/9', '172.16.0.0/12'],
    });
    expect(result.data.failoverMs).toBeGreaterThanOrEqual(0);
    expect(result.data.failbackMs).toBeGreaterThanOrEqual(0);
    expect(result.data.during).toMatchObject({ path: 'vpn', status: 'degraded' });
    expect(result.data.after).toMatchObject({ path: 'dx', status: 'healthy' });
    expect(pathsSeen(frames)).toEqual(['dx', 'vpn', 'dx']);
    // A frame only when something changed: before, during, after.
    expect(frames).toHaveLength(3);
    expect(result.data.tests.map((test) => test.status)).toEqual(['CANCELLED', 'CANCELLED']);
    const vifs = (await dx.send(new DescribeVirtualInterfacesCommand({}))).virtualInterfaces ?? [];
    expect(vifs.map((vif) => vif.virtualInterfaceState)).toEqual(['available', 'available']);
    expect(
      failoverView(result).some((block) => block.kind === 'diagram' && block.title?.startsWith('During the test')),
    ).toBe(true);
  });

  it('with --wait lets the test expire by itself, then measures the fail-back', async () => {
    const { ctx, frames, onFrame } = await setup({ failoverMinuteMs: 400 });
    const result = await runFailoverTest(ctx, request({ wait: true }), onFrame);
    expect(result.data).toMatchObject({ outcome: 'failed-over', ended: 'expired' });
    expect(result.data.failbackMs).toBeGreaterThanOrEqual(0);
    expect(result.data.tests.map((test) => test.status)).toEqual(['COMPLETED', 'COMPLETED']);
    expect(pathsSeen(frames)).toEqual(['dx', 'vpn', 'dx']);
  });

  it('with one interface of two, traffic stays on Direct Connect over the other', async () => {
    const { ctx } = await setup();
    const result = await runFailoverTest(ctx, request({ vifs: [EQDC2 ?? ''] }));
    expect(failoverTestOutcome(result.data)).toBe('ok');
    expect(result.data).toMatchObject({
      outcome: 'stayed-on-dx',
      expected: 'dx',
      during: { path: 'dx', status: 'degraded' },
    });
    expect(result.data.failoverMs).toBeUndefined();
  });

  it('refuses, changing nothing, when the VPN backup is down', async () => {
    const { ctx, fault, sandbox, dx } = await setup();
    await fault('vpn-down');
    await expect(runFailoverTest(ctx, request())).rejects.toMatchObject({
      code: 'backup-unhealthy',
      exitCode: 4,
      message: expect.stringMatching(
        /nothing was changed: the backup is not healthy: VPN vpn-\w+ \(corp-vpn-backup\) has no tunnel UP/,
      ),
    });
    expect(sandbox.calls.filter((call) => call.operation === 'StartBgpFailoverTest')).toEqual([]);
    expect((await dx.send(new ListVirtualInterfaceTestHistoryCommand({}))).virtualInterfaceTestHistory).toEqual([]);
  });

  it('asks for confirmation, so without a terminal it needs --yes; unknown interfaces are a usage error', async () => {
    const { ctx, sandbox } = await setup({ yes: false });
    await expect(runFailoverTest(ctx, request())).rejects.toMatchObject({ code: 'confirmation-required', exitCode: 2 });
    await expect(runFailoverTest(ctx, request({ vifs: ['dxvif-nothere1'] }))).rejects.toMatchObject({
      code: 'unknown-vif',
      exitCode: 2,
    });
    expect(sandbox.calls.filter((call) => call.operation === 'StartBgpFailoverTest')).toEqual([]);
  });

  it('stops the test when interrupted (Ctrl-C) before giving up', async () => {
    const controller = new AbortController();
    const { ctx, dx, io } = await setup();
    await expect(
      runFailoverTest(
        { ...ctx, signal: controller.signal },
        request({ intervalMs: 60_000, vifs: [EQDC2 ?? ''] }),
        (frame) => {
          // The phase is a stable value of the frame (and of its document), not its wording.
          if (frame.phase.phase === 'failover') controller.abort(new Error('interrupted'));
        },
      ),
    ).rejects.toMatchObject({ code: 'interrupted' });
    expect(io.codes('warn')).toContain('failover-test-stopped');
    const history = (await dx.send(new ListVirtualInterfaceTestHistoryCommand({}))).virtualInterfaceTestHistory ?? [];
    expect(history.map((test) => test.status)).toEqual(['CANCELLED']);
  });
});
