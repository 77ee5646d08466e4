import { describe, expect, test } from 'vitest';
import { SANDBOX_CREDENTIALS } from '@awsarch/aws-sandbox';
import { applyScps } from '../../src/scps/plan-actions.js';
import { testContext } from '../helpers/context.js';
import { RecordingHost } from '../helpers/recording-host.js';
import { contextFor, request, setUp } from './apply-fixture.js';

// The case: RequireRegions is attached to Workloads (which holds the member account); a change of its
// content aimed at the root must show, before the question, that Workloads and its account are affected too.
async function requireRegionsOnWorkloads() {
  const ready = await setUp();
  await applyScps(
    contextFor(ready.sandbox).ctx,
    request({ targets: ['Workloads'], policies: ['RequireRegions'], params: ['allowedRegions=us-east-1'] }),
    { dryRun: false },
  );
  const change = request({ targets: ['root'], policies: ['RequireRegions'], params: ['allowedRegions=eu-west-1'] });
  return { ...ready, change };
}

describe('scp apply confirmation shows what it confirms', () => {
  test('a declined prompt shows every target of the changed SCP and its accounts, then is cancelled (exit 1)', async () => {
    const { sandbox, change } = await requireRegionsOnWorkloads();
    const host = new RecordingHost(true);
    host.answers.push(false);
    const { ctx } = testContext({
      host,
      target: { endpoint: sandbox.endpoint, credentials: SANDBOX_CREDENTIALS },
    });
    const error = await applyScps(ctx, change, { dryRun: false }).catch((failure: unknown) => failure);
    expect(error).toMatchObject({ code: 'cancelled', exitCode: 1, message: 'cancelled; nothing was changed' });
    expect(ctx.aws.calls.snapshot().writes).toBe(0);
    const shown = host.messages.find((message) => message.code === 'confirm-changes');
    expect(shown?.data).toMatchObject({
      changes: [
        'update SCP RequireRegions (content +1 -1 lines): 1 account affected',
        '  attached to Workloads (1 account)',
        'attach RequireRegions to root (1 account)',
        'blast radius: 1 of 1 member account',
      ],
    });
    // Shown before the question is asked.
    expect(host.questions).toEqual([expect.stringMatching(/^Apply 2 change\(s\) to the SCPs of organization o-/)]);
  });

  test('without a terminal the refusal lists the same changes and says to re-run with --yes (exit 2)', async () => {
    const { sandbox, change } = await requireRegionsOnWorkloads();
    const { ctx } = testContext({ target: { endpoint: sandbox.endpoint, credentials: SANDBOX_CREDENTIALS } });
    const error = (await applyScps(ctx, change, { dryRun: false }).catch((failure: unknown) => failure)) as {
      code: string;
      exitCode: number;
      message: string;
      hint: string;
      details: { changes: string[] };
    };
    expect(error).toMatchObject({ code: 'confirmation-required', exitCode: 2 });
    expect(error.message).toContain('  attached to Workloads (1 account)');
    expect(error.details.changes).toContain('attach RequireRegions to root (1 account)');
    expect(error.hint).toBe('confirm with: the same command with --yes (or AWSARCH_YES=1)');
    expect(ctx.aws.calls.snapshot().writes).toBe(0);
  });

  test('with --yes nothing is asked and the change is made', async () => {
    const { sandbox, change } = await requireRegionsOnWorkloads();
    const { ctx, io } = contextFor(sandbox);
    const result = await applyScps(ctx, change, { dryRun: false });
    expect(result.outcome?.policies[0]).toMatchObject({ name: 'RequireRegions', status: 'done' });
    expect((io as RecordingHost).questions).toEqual([]);
  });
});
