import { describe, expect, it } from 'vitest';
import type { Clock } from '../../src/core/clock.js';
import type { JsonDocument } from '../../src/documents/document.js';
import { hybridStatus } from '../../src/hybrid/status.js';
import { SANDBOX_CREDENTIALS } from '@awsarch/aws-sandbox';
import type { DiagramNode, HumanBlock } from '../../src/ui/io-host.js';
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

describe('hybrid status', () => {
  it('returns the snapshot and the assessment; the exit code says degraded only with --detailed-exitcode', async () => {
    const { ctx, fault } = await setup();
    const healthy = await hybridStatus(ctx, { prefixes: [], detailedExitCode: true });
    const data = healthy.data as JsonDocument<'hybrid-status'>;
    expect(data).toMatchObject({ schemaVersion: 1, kind: 'hybrid-status' });
    expect(data.assessment).not.toHaveProperty('exitCode');
    expect(healthy.exitCode).toBe(0);
    expect(data.assessment).toMatchObject({ path: 'dx', status: 'healthy' });
    expect(data.snapshot.collection).toMatchObject({ rounds: 2, calls: 17 });
    expect(healthy.human.map((block) => block.kind)).toEqual(['text', 'diagram', 'table', 'findings']);

    await fault('dx-down');
    expect((await hybridStatus(ctx, { prefixes: [], detailedExitCode: true })).exitCode).toBe(4);
    expect((await hybridStatus(ctx, { prefixes: [], detailedExitCode: false })).exitCode).toBe(0);
    await fault('vpn-down');
    expect((await hybridStatus(ctx, { prefixes: ['10.0.0.0/8'], detailedExitCode: true })).exitCode).toBe(5);
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
    const { ctx, io, fault } = await setup();
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
    );
    expect(io.frames).toHaveLength(2);
    const [first, second] = io.frames.map((frame) => frame.data as JsonDocument<'hybrid-status-frame'>);
    expect(first?.kind).toBe('hybrid-status-frame');
    expect(first?.changes).toEqual({ components: [], prefixes: [], findings: [], resolved: [] });
    expect(second?.assessment.path).toBe('vpn');
    expect(second?.changes.prefixes).toEqual(['10.0.0.0/8', '172.16.0.0/12']);
    const header = (blocks: HumanBlock[] | undefined) => (blocks?.[0]?.kind === 'text' ? blocks[0].lines : []);
    expect(header(io.frames[0]?.human).some((line) => line.startsWith('changed since'))).toBe(false);
    expect(header(io.frames[1]?.human)).toContainEqual(
      expect.stringMatching(/^changed since the last refresh: status healthy → degraded; 10\.0\.0\.0\/8: dx → vpn; /),
    );
    const changedLabels = diagramNodes(io.frames[1]?.human ?? [])
      .filter((node) => node.changed)
      .map((node) => node.label);
    expect(changedLabels).toEqual(
      expect.arrayContaining(['10.0.0.0/8', 'corp-dx-eqdc2', 'corp-transit-eqdc2', 'corp-vpn-backup']),
    );
    expect(diagramNodes(io.frames[0]?.human ?? []).some((node) => node.changed)).toBe(false);
    const findings = io.frames[1]?.human.find((block) => block.kind === 'findings');
    expect(findings?.kind === 'findings' && findings.items.filter((item) => item.changed).length).toBeGreaterThan(0);
    expect(result.exitCode).toBe(4);
    expect(result.data).toEqual({
      schemaVersion: 1,
      kind: 'hybrid-status-watch',
      watch: { refreshes: 2, last: { status: 'degraded', path: 'vpn', headline: expect.any(String) } },
    });
  });
});
