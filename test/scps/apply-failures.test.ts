import {
  AttachPolicyCommand,
  CreatePolicyCommand,
  DetachPolicyCommand,
  OrganizationsClient,
  PolicyNotAttachedException,
  ServiceException,
} from '@aws-sdk/client-organizations';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, test } from 'vitest';
import { executeScpPlan } from '../../src/scps/apply.js';
import type { ScpPlan, TargetPlan } from '../../src/scps/diff.js';
import type { RenderedScp } from '../../src/scps/render.js';
import { testContext } from '../helpers/context.js';

const orgs = mockClient(OrganizationsClient);
afterEach(() => orgs.reset());

const rendered: RenderedScp = {
  name: 'Guard',
  description: 'guard',
  document: {},
  content: '{}',
  size: 2,
  parameters: {},
  sourceMap: new Map(),
};

const targetPlan = (id: string, attach = [{ name: 'Guard' }], detach: TargetPlan['detach'] = []): TargetPlan => ({
  target: { id, type: 'ACCOUNT', label: id },
  assigned: true,
  before: [{ name: 'FullAWSAccess', policyId: 'p-FullAWSAccess' }],
  after: [],
  attach,
  detach,
});

const plan = (targets: TargetPlan[]): ScpPlan => ({
  enableScps: false,
  policies: [{ name: 'Guard', action: 'create', contentChanged: true, descriptionChanged: true, diff: [], size: 2 }],
  targets,
  writes: 1 + targets.length,
});

describe('executeScpPlan', () => {
  test('one target failing is reported and the other targets still complete', async () => {
    orgs.on(CreatePolicyCommand).resolves({ Policy: { PolicySummary: { Id: 'p-guard123' } } });
    orgs.on(AttachPolicyCommand).resolves({});
    orgs
      .on(AttachPolicyCommand, { TargetId: '222222222222' })
      .rejects(new ServiceException({ message: 'boom', $metadata: {} }));
    const { ctx, io } = testContext();
    const targets = ['111111111111', '222222222222', '333333333333', '444444444444'].map((id) => targetPlan(id));
    const outcome = await executeScpPlan(ctx, plan(targets), 'r-abcd', [rendered]);
    expect(outcome.policies).toEqual([
      expect.objectContaining({ name: 'Guard', status: 'done', policyId: 'p-guard123' }),
    ]);
    expect(outcome.targets.map((target) => [target.targetId, target.status])).toEqual([
      ['111111111111', 'done'],
      ['222222222222', 'failed'],
      ['333333333333', 'done'],
      ['444444444444', 'done'],
    ]);
    expect(outcome.targets[1]?.error).toMatch(/ServiceException: boom/);
    expect(orgs.commandCalls(AttachPolicyCommand).map((call) => call.args[0].input)).toContainEqual({
      PolicyId: 'p-guard123',
      TargetId: '444444444444',
    });
    expect(io.tasks.find((task) => task.path === 'Attach and detach')?.status).toBe('failed');
  });

  test('a policy that could not be created fails the targets that need it, not the run', async () => {
    orgs.on(CreatePolicyCommand).rejects(new ServiceException({ message: 'down', $metadata: {} }));
    orgs.on(DetachPolicyCommand).resolves({});
    const { ctx } = testContext();
    const outcome = await executeScpPlan(
      ctx,
      plan([targetPlan('111111111111'), targetPlan('222222222222', [], [{ name: 'Old', policyId: 'p-oldoldold' }])]),
      'r-abcd',
      [rendered],
    );
    expect(outcome.policies[0]?.status).toBe('failed');
    expect(outcome.targets.map((target) => [target.status, target.error ?? ''])).toEqual([
      ['failed', 'SCP Guard was not created, so it cannot be attached'],
      ['done', ''],
    ]);
  });

  test('already attached or already detached counts as done (a re-run after an interruption converges)', async () => {
    const { DuplicatePolicyAttachmentException } = await import('@aws-sdk/client-organizations');
    orgs.on(CreatePolicyCommand).resolves({ Policy: { PolicySummary: { Id: 'p-guard123' } } });
    orgs
      .on(AttachPolicyCommand)
      .rejects(new DuplicatePolicyAttachmentException({ message: 'attached', $metadata: {} }));
    orgs.on(DetachPolicyCommand).rejects(new PolicyNotAttachedException({ message: 'not attached', $metadata: {} }));
    const { ctx } = testContext();
    const outcome = await executeScpPlan(
      ctx,
      plan([targetPlan('111111111111', [{ name: 'Guard' }], [{ name: 'Old', policyId: 'p-oldoldold' }])]),
      'r-abcd',
      [rendered],
    );
    expect(outcome.targets[0]?.status).toBe('done');
  });
});
