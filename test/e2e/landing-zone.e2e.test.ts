import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DetachPolicyCommand,
  ListAccountsCommand,
  ListOrganizationalUnitsForParentCommand,
  ListPoliciesCommand,
  ListRootsCommand,
  OrganizationsClient,
  UpdatePolicyCommand,
} from '@aws-sdk/client-organizations';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_CREDENTIALS, startSandbox, type RunningSandbox } from '@awsarch/aws-sandbox';
import { documentProblems } from '../helpers/json-documents.js';
import { newStateDir, runAwsarch } from './run-binary.js';

const FILE = 'templates/landing-zone.yaml';
const FAST = {
  AWSARCH_SANDBOX_CREATE_ACCOUNT_MS: '100',
  AWSARCH_SANDBOX_ROLE_PROPAGATION_MS: '0',
  AWSARCH_SANDBOX_CLOSE_ACCOUNT_MS: '100',
};

const json = (stdout: string) => JSON.parse(stdout);
/** The write calls a --verbose run reports (also when it failed). */
const writesOf = (run: { stderr: string }): number => {
  const match = /debug \[aws-call-counts\] \d+ AWS calls \(\d+ reads, (\d+) writes[;)]/.exec(run.stderr);
  if (!match) throw new Error(`no call counts in:\n${run.stderr}`);
  return Number(match[1]);
};

async function awsarch(stateDir: string, args: string[], env: Record<string, string> = {}) {
  return runAwsarch(['--sandbox', ...args], stateDir, { ...FAST, AWSARCH_JOURNAL_DIR: join(stateDir, 'runs'), ...env });
}

/** Management-account SDK clients on the same state, as someone working outside awsarch. */
async function outside(stateDir: string): Promise<{ sandbox: RunningSandbox; orgs: OrganizationsClient }> {
  const sandbox = await startSandbox({ stateDir, createAccountMs: 0, rolePropagationMs: 0, faults: '' });
  const orgs = new OrganizationsClient({
    endpoint: sandbox.endpoint,
    region: 'us-east-1',
    credentials: SANDBOX_CREDENTIALS,
    maxAttempts: 1,
  });
  return { sandbox, orgs };
}

// Each test runs the binary several times (a few seconds each, more on a busy machine).
describe('awsarch plan and apply: the landing zone as code', { timeout: 240_000 }, () => {
  let stateDir: string;
  const opened: RunningSandbox[] = [];

  beforeAll(() => {
    stateDir = newStateDir();
  });
  afterAll(async () => {
    for (const sandbox of opened) await sandbox.close();
  });

  it('plans the whole landing zone from an empty sandbox, applies it, and then has nothing to do', async () => {
    const plan = await awsarch(stateDir, ['--output', 'json', 'plan', '-f', FILE, '--detailed-exitcode']);
    expect(plan.code, plan.stderr).toBe(3);
    const planned = json(plan.stdout);
    expect(planned).toMatchObject({
      kind: 'landing-zone-plan',
      schemaVersion: 1,
      totals: { accounts: { create: 6 }, ous: { create: 5 }, prerequisites: 2 },
    });
    const apply = await awsarch(stateDir, ['--yes', 'apply', '-f', FILE]);
    expect(apply.code, apply.stderr).toBe(0);
    // The plan is shown above the confirmation, then each change as it happens.
    expect(apply.stderr).toMatch(/Plan [0-9a-f]{16} for a new organization/);
    expect(apply.stdout).toMatch(/Applied plan [0-9a-f]{16} to o-[a-z0-9]+: 29 done, 0 failed, 0 skipped/);

    const again = await awsarch(stateDir, ['plan', '-f', FILE, '--detailed-exitcode']);
    expect(again.code, again.stdout).toBe(0);
    expect(again.stdout).toMatch(/Plan: no changes; 6 accounts unchanged\./);
    const noop = await awsarch(stateDir, ['--yes', '--output', 'json', 'apply', '-f', FILE]);
    expect(noop.code, noop.stderr).toBe(0);
    expect(json(noop.stdout)).toMatchObject({ outcomes: [], apiCalls: { writes: 0 } });
  });

  it('shows drift made outside awsarch, reverts it, or adopts it into the file instead', async () => {
    const move = await awsarch(stateDir, [
      '--yes',
      '--output',
      'json',
      'account',
      'move',
      'Dev',
      '--ou',
      'Workloads/Prod',
    ]);
    expect(move.code, move.stderr).toBe(0);
    expect(json(move.stdout)).toMatchObject({
      kind: 'account-move',
      name: 'Dev',
      from: 'Workloads/NonProd',
      to: 'Workloads/Prod',
      status: 'moved',
    });
    const { sandbox, orgs } = await outside(stateDir);
    opened.push(sandbox);
    const { Policies = [] } = await orgs.send(new ListPoliciesCommand({ Filter: 'SERVICE_CONTROL_POLICY' }));
    const idOf = (name: string) => Policies.find((policy) => policy.Name === name)?.Id ?? '';
    const { Roots = [] } = await orgs.send(new ListRootsCommand({}));
    const { OrganizationalUnits = [] } = await orgs.send(
      new ListOrganizationalUnitsForParentCommand({ ParentId: Roots[0]?.Id }),
    );
    const workloads = OrganizationalUnits.find((ou) => ou.Name === 'Workloads')?.Id ?? '';
    await orgs.send(new DetachPolicyCommand({ PolicyId: idOf('RequireRegions'), TargetId: workloads }));
    await orgs.send(
      new UpdatePolicyCommand({
        PolicyId: idOf('DenyPublicS3'),
        Content: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Deny', Action: 's3:PutBucketAcl', Resource: '*' }],
        }),
      }),
    );

    const plan = await awsarch(stateDir, ['--output', 'json', 'plan', '-f', FILE, '--detailed-exitcode']);
    expect(plan.code, plan.stderr).toBe(3);
    const changes = json(plan.stdout).changes as Array<{ key: string; drift: boolean }>;
    expect(changes.map((change) => [change.key, change.drift])).toEqual([
      ['account:Dev:move', true],
      ['scp:DenyPublicS3', true],
      ['scp-target:Workloads', false],
    ]);

    // The other way: the file takes Dev's OU as it is now.
    const copy = join(stateDir, 'landing-zone.yaml');
    writeFileSync(copy, readFileSync(FILE, 'utf8'));
    const adopt = await awsarch(stateDir, ['plan', '-f', copy, '--adopt', 'account:Dev:move']);
    expect(adopt.code, adopt.stderr).toBe(0);
    expect(readFileSync(copy, 'utf8')).toContain('    ou: Workloads/Prod\n    tags: { env: dev, owner: product }');
    expect(
      readFileSync(copy, 'utf8').replace(
        'ou: Workloads/Prod\n    tags: { env: dev',
        'ou: Workloads/NonProd\n    tags: { env: dev',
      ),
    ).toBe(readFileSync(FILE, 'utf8'));
    expect(adopt.stdout).not.toMatch(/move from/);

    const revert = await awsarch(stateDir, ['--yes', 'apply', '-f', FILE]);
    expect(revert.code, revert.stderr).toBe(0);
    const clean = await awsarch(stateDir, ['plan', '-f', FILE, '--detailed-exitcode']);
    expect(clean.code, clean.stdout).toBe(0);
  });

  it('applies a saved plan exactly, and refuses it unchanged once the organization changed', async () => {
    const move = await awsarch(stateDir, ['--yes', 'account', 'move', 'Staging', '--ou', 'Infrastructure']);
    expect(move.code, move.stderr).toBe(0);
    const saved = join(stateDir, 'plan.json');
    const plan = await awsarch(stateDir, ['plan', '-f', FILE, '--out', saved]);
    expect(plan.code, plan.stderr).toBe(0);
    // The saved plan is the plan document (schemas/landing-zone-plan.schema.json) with the file's text.
    const savedDocument = json(readFileSync(saved, 'utf8'));
    expect(documentProblems(savedDocument)).toEqual([]);
    expect(savedDocument).toMatchObject({ kind: 'landing-zone-plan', source: { text: readFileSync(FILE, 'utf8') } });
    const other = await awsarch(stateDir, ['--yes', 'account', 'move', 'Prod', '--ou', 'Security']);
    expect(other.code, other.stderr).toBe(0);

    const stale = await awsarch(stateDir, ['--yes', '--verbose', 'apply', saved]);
    expect(stale.code).toBe(2);
    expect(stale.stderr).toMatch(/the saved plan .*plan\.json is stale, nothing was changed/);
    expect(stale.stderr).toMatch(/\+ account:Prod:move: not in the saved plan/);
    expect(writesOf(stale)).toBe(0);

    const fresh = await awsarch(stateDir, ['plan', '-f', FILE, '--out', saved]);
    expect(fresh.code, fresh.stderr).toBe(0);
    const apply = await awsarch(stateDir, ['--yes', 'apply', saved]);
    expect(apply.code, apply.stderr).toBe(0);
    expect(apply.stdout).toMatch(/2 done, 0 failed/);
    const conflicting = await awsarch(stateDir, ['--yes', 'apply', saved, '--prune']);
    expect(conflicting.code).toBe(2);
  });

  it('reports what the file no longer lists, prunes it only when asked, and closes accounts within the guardrails', async () => {
    const smaller = join(stateDir, 'without-staging.yaml');
    writeFileSync(
      smaller,
      readFileSync(FILE, 'utf8').replace(
        /  - name: Staging\n    email: aws\+staging@example.com\n    ou: Workloads\/NonProd\n    tags: \{ env: staging, owner: product \}\n/,
        '',
      ),
    );
    const plan = await awsarch(stateDir, ['plan', '-f', smaller, '--detailed-exitcode']);
    expect(plan.code, plan.stdout).toBe(0);
    expect(plan.stdout).toMatch(
      /! Staging +Workloads\/NonProd +unmanaged: not in the file \(--prune: move to Suspended\)/,
    );
    const unasked = await awsarch(stateDir, ['--yes', 'apply', '-f', smaller]);
    expect(unasked.stdout).toMatch(/No changes/);

    const noTerminal = await awsarch(stateDir, ['--verbose', 'apply', '-f', smaller, '--prune']);
    expect(noTerminal.code).toBe(2);
    expect(noTerminal.stderr).toMatch(/needs confirmation/);
    expect(writesOf(noTerminal)).toBe(0);

    const prune = await awsarch(stateDir, ['--yes', '--output', 'json', 'apply', '-f', smaller, '--prune']);
    expect(prune.code, prune.stderr).toBe(0);
    expect(
      json(prune.stdout).outcomes.map((outcome: { key: string; status: string }) => [outcome.key, outcome.status]),
    ).toEqual([
      ['ou:Suspended', 'done'],
      ['prune:account:Staging', 'done'],
    ]);
    const retired = await awsarch(stateDir, ['plan', '-f', smaller, '--prune', '--detailed-exitcode']);
    expect(retired.code, retired.stdout).toBe(0);

    const listed = await awsarch(stateDir, ['--yes', 'account', 'close', 'Dev', '-f', FILE]);
    expect(listed.code).toBe(2);
    expect(listed.stderr).toMatch(/Dev is listed in templates\/landing-zone.yaml/);
    const management = await awsarch(stateDir, ['--yes', 'account', 'close', 'management@example.com']);
    expect(management.code).toBe(2);
    const close = await awsarch(stateDir, [
      '--yes',
      '--output',
      'json',
      'account',
      'close',
      'Staging',
      '--wait',
      '-f',
      smaller,
    ]);
    expect(close.code, close.stderr).toBe(0);
    expect(json(close.stdout)).toMatchObject({ name: 'Staging', status: 'closed', budget: { quota: 250 } });
    const show = await awsarch(stateDir, ['--output', 'json', 'account', 'show', 'Staging']);
    expect(json(show.stdout)).toMatchObject({ status: 'SUSPENDED', ou: 'Suspended' });
  });

  it('refuses a plan that breaks a guardrail: exit 2, the file and line, nothing changed', async () => {
    const { sandbox, orgs } = await outside(stateDir);
    opened.push(sandbox);
    const { Accounts = [] } = await orgs.send(new ListAccountsCommand({}));
    const management = Accounts.find((account) => account.Name === 'Management')?.Id ?? '';
    const file = join(stateDir, 'management-target.yaml');
    writeFileSync(
      file,
      readFileSync(FILE, 'utf8').replace(
        '    - target: Workloads\n',
        `    - target: '${management}'\n      policies: [RequireTags]\n    - target: Workloads\n`,
      ),
    );
    const plan = await awsarch(stateDir, ['plan', '-f', file]);
    expect(plan.code).toBe(2);
    expect(plan.stdout).toMatch(
      /management-target\.yaml:\d+:\d+: scps\.attachments\[1\]\.target: .* is the management account/,
    );
    const apply = await awsarch(stateDir, ['--yes', '--verbose', 'apply', '-f', file]);
    expect(apply.code).toBe(2);
    expect(apply.stderr).toMatch(/refusing to apply, nothing was changed:[\s\S]*management-target\.yaml:\d+:\d+/);
    expect(writesOf(apply)).toBe(0);
  });
});
