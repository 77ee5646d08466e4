import { readdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { commandInHint, runPasted } from './pasted-hint.js';
import { newStateDir, runAwsarch } from './run-binary.js';

const json = (text: string) => JSON.parse(text) as Record<string, any>;

/** The error line and the hint line a failed run prints on stderr (plain output). */
function errorOf(run: { stderr: string }): { error?: string; hint?: string } {
  return {
    error: /^error: (.*)$/m.exec(run.stderr)?.[1],
    hint: /^hint: (.*)$/m.exec(run.stderr)?.[1],
  };
}

describe('did you mean, and hints that can be pasted (the binary against the sandbox)', () => {
  let stateDir: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    stateDir = newStateDir();
    const init = await runAwsarch(
      ['--sandbox', 'org', 'init', '--ou', 'Workloads/NonProd', '--ou', 'Security'],
      stateDir,
    );
    expect(init.code, init.stderr).toBe(0);
    for (const [name, email, ou] of [
      ['Dev', 'aws+dev@example.com', 'Workloads/NonProd'],
      ['dev', 'aws+dev-twin@example.com', 'Workloads/NonProd'],
      ['Shared Services', 'aws+shared@example.com', 'Workloads'],
    ] as const) {
      const create = await runAwsarch(
        ['--sandbox', '--output', 'json', 'account', 'create', '--name', name, '--email', email, '--ou', ou],
        stateDir,
      );
      expect(create.code, create.stderr).toBe(0);
      ids[name] = json(create.stdout).accountId;
    }
  }, 60_000);

  it('matches an account name in another case, suggests the closest name, and refuses a name two accounts share', async () => {
    const show = await runAwsarch(['--sandbox', '--output', 'json', 'account', 'show', 'shared services'], stateDir);
    expect([show.code, json(show.stdout).id]).toEqual([0, ids['Shared Services']]);

    const typo = await runAwsarch(['--sandbox', 'baseline', 'status', '--account', 'Shared Servics'], stateDir);
    expect(typo.code).toBe(2);
    expect(errorOf(typo)).toEqual({
      error: 'no account named "Shared Servics"; did you mean Shared Services?',
      hint: "use --account 'Shared Services'",
    });
    const positional = await runAwsarch(['--sandbox', 'account', 'show', 'Shraed Services'], stateDir);
    expect([positional.code, errorOf(positional).hint]).toEqual([2, "use 'Shared Services'"]);

    const twins = await runAwsarch(
      ['--sandbox', 'scp', 'test', '--account', 'DEV', '--action', 's3:GetObject'],
      stateDir,
    );
    expect(twins.code).toBe(2);
    expect(errorOf(twins).error).toBe(`2 accounts match "DEV": Dev (${ids.Dev}), dev (${ids.dev})`);
  });

  it('suggests an existing OU path, per segment and in any case, before anything is written', async () => {
    const before = await runAwsarch(['--sandbox', '--output', 'json', 'account', 'list'], stateDir);
    const create = await runAwsarch(
      ['--sandbox', 'account', 'create', '--name', 'Payments', '--email', 'aws+pay@example.com', '--ou', 'Workload'],
      stateDir,
    );
    expect(create.code).toBe(2);
    expect(errorOf(create)).toEqual({
      error: 'OU "Workload" does not exist; did you mean Workloads?',
      hint: 'use --ou Workloads',
    });
    const nested = await runAwsarch(
      ['--sandbox', 'account', 'move', 'Shared Services', '--ou', 'workloads/nonprd'],
      stateDir,
    );
    expect([nested.code, errorOf(nested).hint]).toEqual([2, 'use --ou Workloads/NonProd']);
    const after = await runAwsarch(['--sandbox', '--output', 'json', 'account', 'list'], stateDir);
    expect(json(after.stdout).accounts).toEqual(json(before.stdout).accounts);

    const target = await runAwsarch(
      ['--sandbox', 'scp', 'diff', '--target', 'workloads/nonprd', '--policy', 'DenyRootAccountUsage'],
      stateDir,
    );
    expect([target.code, errorOf(target).hint]).toEqual([2, 'use --target Workloads/NonProd']);
  });

  it('checks scp test --action against AWS actions before any call, and finds SCPs in any case', async () => {
    const typo = await runAwsarch(
      ['--sandbox', '--verbose', 'scp', 'test', '--account', 'Dev', '--action', 'ec2:RunInstance'],
      stateDir,
    );
    expect(typo.code).toBe(2);
    expect(errorOf(typo)).toEqual({
      error: 'unknown action ec2:RunInstance; did you mean ec2:RunInstances?',
      hint: 'use --action ec2:RunInstances',
    });
    expect(typo.stderr).toMatch(/0 AWS calls/);
    const right = await runAwsarch(
      ['--sandbox', '--output', 'json', 'scp', 'test', '--account', 'dev', '--action', 'ec2:runinstances'],
      stateDir,
    );
    expect([right.code, json(right.stdout).account.id]).toEqual([0, ids.dev]);
    const policy = await runAwsarch(
      [
        '--sandbox',
        'scp',
        'diff',
        '--target',
        'Workloads',
        '--policy',
        'requireregions',
        '--param',
        'allowedRegions=eu-west-1',
      ],
      stateDir,
    );
    expect(policy.code, policy.stderr).toBe(0);
    expect(policy.stdout).toMatch(/RequireRegions/);
  });

  it('refusing without a terminal, prints the command to confirm with; pasted into a shell, it applies', async () => {
    const args = ['--sandbox', 'scp', 'apply', '--target', 'shared services', '--policy', 'DenyRootAccountUsage'];
    const refused = await runAwsarch(args, stateDir);
    expect(refused.code).toBe(2);
    const command = commandInHint(errorOf(refused).hint ?? '');
    expect(command).toBe("awsarch --sandbox scp apply --target 'shared services' --policy DenyRootAccountUsage --yes");
    const pasted = await runPasted(command, stateDir);
    expect(pasted.code, pasted.stderr).toBe(0);
    const list = await runAwsarch(['--sandbox', '--output', 'json', 'scp', 'list'], stateDir);
    expect(JSON.stringify(json(list.stdout))).toContain(ids['Shared Services']);
  });

  it('refuses an unknown Region with exit 2 before the sandbox is started or called', async () => {
    const fresh = newStateDir();
    const run = await runAwsarch(['--sandbox', '--region', 'eu-wst-1', 'account', 'list'], fresh);
    expect(run.code).toBe(2);
    expect(errorOf(run)).toEqual({
      error: '"eu-wst-1" is not an AWS Region; did you mean eu-west-1?',
      hint: 'use --region eu-west-1',
    });
    expect(readdirSync(fresh)).toEqual([]);
  });
});
