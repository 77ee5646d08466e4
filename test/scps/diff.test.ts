import { describe, expect, test } from 'vitest';
import type { DeployedPolicy } from '../../src/scps/deployed-state.js';
import { planScpChanges, type CurrentScpState, type PlanMode } from '../../src/scps/diff.js';
import { checkGuardrails } from '../../src/scps/guardrails.js';
import { diffLines, samePolicyContent } from '../../src/scps/json-diff.js';
import type { RenderedScp } from '../../src/scps/render.js';
import type { ScpTarget } from '../../src/scps/targets.js';

const doc = (sid: string) => ({
  Version: '2012-10-17',
  Statement: [{ Sid: sid, Effect: 'Deny', Action: 's3:PutObject', Resource: '*' }],
});
const rendered = (name: string, sid = name): RenderedScp => {
  const document = doc(sid);
  return {
    name,
    description: `${name} intent`,
    document,
    content: JSON.stringify(document),
    size: JSON.stringify(document).length,
    parameters: {},
    sourceMap: new Map(),
  };
};
const deployed = (id: string, name: string, options: Partial<DeployedPolicy> = {}): DeployedPolicy => ({
  id,
  name,
  description: `${name} intent`,
  awsManaged: false,
  managed: true,
  content: JSON.stringify(doc(name), null, 2),
  ...options,
});
const FULL: DeployedPolicy = {
  id: 'p-FullAWSAccess',
  name: 'FullAWSAccess',
  description: 'Allows access to every operation',
  awsManaged: true,
};
const ROOT: ScpTarget = { id: 'r-abcd', type: 'ROOT', label: 'root' };
const OU: ScpTarget = { id: 'ou-abcd-11111111', type: 'ORGANIZATIONAL_UNIT', label: 'Workloads' };
const MANAGEMENT: ScpTarget = { id: '123456789012', type: 'ACCOUNT', label: 'Management (123456789012)' };
const ADDITIVE: PlanMode = { declarative: false, exclusive: false, adopt: false };

function state(policies: DeployedPolicy[], attachments: Record<string, string[]>, scpEnabled = true): CurrentScpState {
  return { scpEnabled, policies: [FULL, ...policies], attachments: new Map(Object.entries(attachments)) };
}

describe('planScpChanges', () => {
  test('a fresh organization: enable SCPs, create, attach next to FullAWSAccess', () => {
    const plan = planScpChanges(
      [rendered('A'), rendered('B')],
      [{ target: OU, policies: ['A', 'B'] }],
      state([], {}, false),
      ADDITIVE,
    );
    expect(plan.enableScps).toBe(true);
    expect(plan.policies.map((policy) => policy.action)).toEqual(['create', 'create']);
    expect(plan.targets[0]?.attach.map((ref) => ref.name)).toEqual(['A', 'B']);
    expect(plan.targets[0]?.after.map((ref) => ref.name)).toEqual(['FullAWSAccess', 'A', 'B']);
    expect(plan.writes).toBe(1 + 2 + 2);
    expect(plan.policies[0]?.diff[0]).toBe('+ {');
  });

  test('the same state again is no change (formatting of the stored content aside)', () => {
    const current = state([deployed('p-aaaaaaaa', 'A')], { [OU.id]: ['p-FullAWSAccess', 'p-aaaaaaaa'] });
    const plan = planScpChanges([rendered('A')], [{ target: OU, policies: ['A'] }], current, ADDITIVE);
    expect(plan.policies[0]?.action).toBe('unchanged');
    expect(plan.targets[0]?.attach).toEqual([]);
    expect(plan.writes).toBe(0);
  });

  test('changed content is an update with a readable JSON diff', () => {
    const current = state([deployed('p-aaaaaaaa', 'A')], { [OU.id]: ['p-FullAWSAccess', 'p-aaaaaaaa'] });
    const plan = planScpChanges([rendered('A', 'Changed')], [{ target: OU, policies: ['A'] }], current, ADDITIVE);
    expect(plan.policies[0]).toMatchObject({ action: 'update', contentChanged: true, descriptionChanged: false });
    expect(plan.policies[0]?.diff).toContain('-       "Sid": "A",');
    expect(plan.policies[0]?.diff).toContain('+       "Sid": "Changed",');
    expect(plan.writes).toBe(1);
  });

  test('a same-named policy awsarch did not create is a conflict, or adopted with --adopt', () => {
    const current = state([deployed('p-aaaaaaaa', 'A', { managed: false })], {});
    expect(planScpChanges([rendered('A')], [], current, ADDITIVE).policies[0]?.action).toBe('conflict');
    const adopted = planScpChanges([rendered('A')], [], current, { ...ADDITIVE, adopt: true });
    expect(adopted.policies[0]?.action).toBe('adopt');
    expect(adopted.writes).toBe(1);
  });

  test('additive mode never detaches; declarative mode detaches managed SCPs not listed; exclusive detaches everything else', () => {
    const current = state(
      [deployed('p-aaaaaaaa', 'A'), deployed('p-bbbbbbbb', 'B'), deployed('p-cccccccc', 'C', { managed: false })],
      {
        [OU.id]: ['p-FullAWSAccess', 'p-aaaaaaaa', 'p-bbbbbbbb', 'p-cccccccc'],
      },
    );
    const assignments = [{ target: OU, policies: ['A'] }];
    expect(planScpChanges([rendered('A')], assignments, current, ADDITIVE).targets[0]?.detach).toEqual([]);
    expect(
      planScpChanges([rendered('A')], assignments, current, { ...ADDITIVE, declarative: true }).targets[0]?.detach.map(
        (ref) => ref.name,
      ),
    ).toEqual(['B']);
    const exclusive = planScpChanges([rendered('A')], [{ target: OU, policies: ['FullAWSAccess', 'A'] }], current, {
      ...ADDITIVE,
      exclusive: true,
    });
    expect(exclusive.targets[0]?.detach.map((ref) => ref.name)).toEqual(['B', 'C']);
  });

  test('declarative mode detaches a managed SCP from targets the layout no longer names for it', () => {
    const current: CurrentScpState = {
      ...state([deployed('p-aaaaaaaa', 'A')], {
        [OU.id]: ['p-FullAWSAccess'],
        [ROOT.id]: ['p-FullAWSAccess', 'p-aaaaaaaa'],
      }),
      targetsOfPolicies: new Map([['p-aaaaaaaa', [{ id: ROOT.id, type: 'ROOT', name: 'Root' }]]]),
      extraTargets: [ROOT],
    };
    const plan = planScpChanges([rendered('A')], [{ target: OU, policies: ['A'] }], current, {
      ...ADDITIVE,
      declarative: true,
    });
    expect(
      plan.targets.map((target) => [
        target.target.label,
        target.assigned,
        target.attach.map((ref) => ref.name),
        target.detach.map((ref) => ref.name),
      ]),
    ).toEqual([
      ['Workloads', true, ['A'], []],
      ['root', false, [], ['A']],
    ]);
    expect(plan.writes).toBe(2);
  });
});

describe('checkGuardrails', () => {
  const context = (policies: DeployedPolicy[]) => ({
    managementAccountId: MANAGEMENT.id,
    desired: [rendered('A'), rendered('B'), rendered('C'), rendered('D'), rendered('E')],
    deployed: [FULL, ...policies],
  });

  test('more than five SCPs on a target', () => {
    const plan = planScpChanges(
      ['A', 'B', 'C', 'D', 'E'].map((name) => rendered(name)),
      [{ target: ROOT, policies: ['A', 'B', 'C', 'D', 'E'] }],
      state([], { [ROOT.id]: ['p-FullAWSAccess'] }),
      ADDITIVE,
    );
    expect(checkGuardrails(plan, context([])).map((refusal) => refusal.code)).toEqual(['scp-attachment-quota']);
  });

  test('the management account as a target', () => {
    const plan = planScpChanges([rendered('A')], [{ target: MANAGEMENT, policies: ['A'] }], state([], {}), ADDITIVE);
    expect(checkGuardrails(plan, context([]))).toEqual([
      expect.objectContaining({
        code: 'scp-management-account',
        message: expect.stringMatching(/SCPs never restrict the management account/),
      }),
    ]);
  });

  test('detaching FullAWSAccess', () => {
    const plan = planScpChanges(
      [rendered('A')],
      [{ target: OU, policies: ['A'] }],
      state([], { [OU.id]: ['p-FullAWSAccess'] }),
      { ...ADDITIVE, exclusive: true },
    );
    expect(checkGuardrails(plan, context([])).map((refusal) => refusal.code)).toEqual(['scp-detach-full-access']);
  });

  test('detaching the last SCP that allows anything', () => {
    const allowList = deployed('p-allowall', 'AllowS3', {
      managed: false,
      content: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }],
      }),
    });
    const current = state([allowList, deployed('p-aaaaaaaa', 'A')], { [OU.id]: ['p-allowall', 'p-aaaaaaaa'] });
    const plan = planScpChanges([rendered('A')], [{ target: OU, policies: ['A'] }], current, {
      ...ADDITIVE,
      exclusive: true,
    });
    expect(checkGuardrails(plan, context([allowList])).map((refusal) => refusal.code)).toEqual(['scp-last-allow']);
  });

  test('a same-named SCP awsarch did not create, and the name of an AWS-managed SCP', () => {
    const plan = planScpChanges(
      [rendered('A'), rendered('FullAWSAccess')],
      [],
      state([deployed('p-aaaaaaaa', 'A', { managed: false })], {}),
      ADDITIVE,
    );
    expect(
      checkGuardrails(plan, context([deployed('p-aaaaaaaa', 'A', { managed: false })])).map((refusal) => refusal.code),
    ).toEqual(['scp-not-managed', 'scp-aws-managed-name']);
  });

  test('a plan within the rules passes', () => {
    const plan = planScpChanges(
      [rendered('A')],
      [{ target: OU, policies: ['A'] }],
      state([], { [OU.id]: ['p-FullAWSAccess'] }),
      ADDITIVE,
    );
    expect(checkGuardrails(plan, context([]))).toEqual([]);
  });
});

describe('json diff', () => {
  test('keeps context around changes and elides the rest', () => {
    const before = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'];
    const after = ['a', 'b', 'c', 'd', 'e', 'F', 'g', 'h', 'i', 'j'];
    expect(diffLines(before, after, 1)).toEqual(['  …', '  e', '- f', '+ F', '  g', '  …']);
    expect(diffLines([], ['x'])).toEqual(['+ x']);
  });

  test('formatting does not make content differ', () => {
    expect(samePolicyContent('{"a": [1, 2]}', '{\n  "a": [1,2]\n}')).toBe(true);
    expect(samePolicyContent('{"a": 1}', '{"a": 2}')).toBe(false);
  });
});
