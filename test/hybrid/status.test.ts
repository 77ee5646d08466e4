import { describe, expect, it } from 'vitest';
import type { Clock } from '../../src/core/clock.js';
import { exitCodeOf } from '../../src/core/exit-code.js';
import type { JsonDocument } from '../../src/documents/document.js';
import { hybridStatusLiveDocument, hybridStatusResultDocument } from '../../src/documents/hybrid.js';
import {
  hybridStatus,
  hybridStatusOutcome,
  type HybridStatusData,
  type StatusRequest,
  type WatchSummary,
} from '../../src/hybrid/status.js';
import { SANDBOX_CREDENTIALS } from '@awsarch/aws-sandbox';
import type { DiagramNode, HumanBlock } from '../../src/ui/io-host.js';
import { hybridStatusView, statusBlocks } from '../../src/ui/views/hybrid-status.js';
import { testContext } from '../helpers/context.js';
import { seededHybridSandbox } from '../../packages/aws-sandbox/test/fixtures/hybrid-sandbox.js';

async function setup() {
  const fixture = await seededHybridSandbox();
  const { ctx, io } = testContext({
    target: { endpoint: fixture.sandbox.endpoint, credentials: SANDBOX_CREDENTIALS, maxAttempts: 3 },
  });
  return { ...fixture, ctx, io };
}

const diagramNodes = (blocks: HumanBlock[]): DiagramNode[] =>
  blocks.flatMap((block) => (block.kind === 'diagram' ? block.columns.flatMap((column) => column.nodes) : []));

/** The exit code `hybrid status` ends with for this request. */
async function exitCodeOfStatus(ctx: Parameters<typeof hybridStatus>[0], request: StatusRequest): Promise<number> {
  return exitCodeOf(hybridStatusOutcome(await hybridStatus(ctx, request), request.detailedExitCode));
}

describe('hybrid status', () => {
  it('returns the snapshot and the assessment; the exit code says degraded only with --detailed-exitcode', async () => {
    const { ctx, fault } = await setup();
    const healthy = await hybridStatus(ctx, { prefixes: [], detailedExitCode: true });
    const data = healthy as HybridStatusData;
    const document = hybridStatusResultDocument(healthy);
    expect(document).toMatchObject({ schemaVersion: 2, kind: 'hybrid-status' });
    expect((document as JsonDocument<'hybrid-status'>).assessment).not.toHaveProperty('exitCode');
    expect(hybridStatusOutcome(healthy, true)).toBe('ok');
    expect(data.assessment).toMatchObject({ path: 'dx', status: 'healthy' });
    expect(data.snapshot.collection).toMatchObject({ rounds: 2, calls: 26 });
    expect(hybridStatusView(healthy).map((block) => block.kind)).toEqual(['text', 'diagram', 'table', 'findings']);
    const nodes = diagramNodes(hybridStatusView(healthy)).map((node) => node.label);
    expect(nodes).toEqual(
      expect.arrayContaining(['corp-file-gateway', 'corp-archive', 'corp.example.com', '10.10.0.2']),
    );

    await fault('storage-gateway-offline');
    const offline = await hybridStatus(ctx, { prefixes: [], detailedExitCode: true });
    expect(exitCodeOf(hybridStatusOutcome(offline, true))).toBe(4);
    expect((offline as HybridStatusData).assessment.headline).toMatch(/but Storage Gateway needs attention$/);
    await fault('ad-connector-impaired');
    const impaired = (await hybridStatus(ctx, { prefixes: [], detailedExitCode: true })) as HybridStatusData;
    expect(impaired.assessment.findings.map((finding) => finding.code)).toEqual(
      expect.arrayContaining(['sgw-offline', 'dir-impaired']),
    );
    await fault('restore');

    await fault('dx-down');
    expect(await exitCodeOfStatus(ctx, { prefixes: [], detailedExitCode: true })).toBe(4);
    expect(await exitCodeOfStatus(ctx, { prefixes: [], detailedExitCode: false })).toBe(0);
    await fault('vpn-down');
    expect(await exitCodeOfStatus(ctx, { prefixes: ['10.0.0.0/9'], detailedExitCode: true })).toBe(5);
  });

  it('checks --prefix values before reading anything', async () => {
    const { ctx, sandbox } = await setup();
    await expect(hybridStatus(ctx, { prefixes: ['10.0.0.300/8'], detailedExitCode: false })).rejects.toMatchObject({
      code: 'bad-prefix',
      exitCode: 2,
    });
    await expect(hybridStatus(ctx, { prefixes: ['10.0.0.0'], detailedExitCode: false })).rejects.toMatchObject({
      code: 'bad-prefix',
    });
    expect(sandbox.calls).toEqual([]);
  });

  it('--watch redraws until Ctrl-C and marks what changed since the previous frame', async () => {
    const { ctx, fault } = await setup();
    const frames: HybridStatusData[] = [];
    const controller = new AbortController();
    let sleeps = 0;
    const clock: Clock = {
      now: () => Date.now(),
      sleep: async () => {
        sleeps += 1;
        if (sleeps === 1) await fault('dx-down');
        if (sleeps === 2) {
          controller.abort(new Error('interrupted'));
          throw new Error('interrupted');
        }
      },
    };
    const result = await hybridStatus(
      { ...ctx, clock, signal: controller.signal },
      { prefixes: [], watchMs: 5000, detailedExitCode: true },
      (frame) => frames.push(frame),
    );
    expect(frames).toHaveLength(2);
    const [first, second] = frames;
    expect(first?.changes?.lines).toEqual([]);
    expect(hybridStatusLiveDocument(first as HybridStatusData)).toMatchObject({
      kind: 'hybrid-status-frame',
      changes: { components: [], prefixes: [], findings: [], resolved: [] },
    });
    expect(second?.assessment.path).toBe('vpn');
    expect(second?.changes?.prefixes).toEqual(['10.0.0.0/9', '172.16.0.0/12']);
    expect(second?.changes?.lines).toEqual(
      expect.arrayContaining(['status healthy → degraded', '10.0.0.0/9: dx → vpn']),
    );
    // The view's header says what changed, on the second frame only.
    const header = (frame: HybridStatusData | undefined) => {
      const [block] = frame ? statusBlocks(frame) : [];
      return block?.kind === 'text' ? block.lines : [];
    };
    expect(header(first).some((line) => line.startsWith('changed since'))).toBe(false);
    expect(header(second)).toContainEqual(
      expect.stringMatching(/^changed since the last refresh: status healthy → degraded; 10\.0\.0\.0\/9: dx → vpn; /),
    );
    const changedLabels = diagramNodes(statusBlocks(frames[1] as HybridStatusData))
      .filter((node) => node.changed)
      .map((node) => node.label);
    expect(changedLabels).toEqual(
      expect.arrayContaining(['10.0.0.0/9', 'corp-dx-eqdc2', 'corp-transit-eqdc2', 'corp-vpn-backup']),
    );
    expect(diagramNodes(statusBlocks(frames[0] as HybridStatusData)).some((node) => node.changed)).toBe(false);
    const findings = statusBlocks(frames[1] as HybridStatusData).find((block) => block.kind === 'findings');
    expect(findings?.kind === 'findings' && findings.items.filter((item) => item.changed).length).toBeGreaterThan(0);
    expect(hybridStatusOutcome(result, true)).toBe('degraded');
    expect((result as WatchSummary).watch).toMatchObject({ refreshes: 2, last: { path: 'vpn', exitCode: 4 } });
    expect(hybridStatusResultDocument(result)).toEqual({
      schemaVersion: 1,
      kind: 'hybrid-status-watch',
      watch: { refreshes: 2, last: { status: 'degraded', path: 'vpn', headline: expect.any(String) } },
    });
  });
});
