import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { main } from '../../src/cli.js';
import { fakeTerminal } from '../ui/fake-terminal.js';

interface Step {
  run?: string;
  uses?: string;
  with?: Record<string, unknown>;
}
interface Workflow {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  jobs: Record<string, { if: string; steps: Step[]; environment?: string }>;
}

/** The awsarch invocations of a script: `npx awsarch ARGS` up to a redirection or the end of the line. */
function awsarchCommands(script: string): string[][] {
  return [...script.matchAll(/npx awsarch ([^\n>|]+)/g)].map((match) =>
    (match[1] as string)
      .trim()
      .split(/\s+/)
      .map((word) =>
        word.replace(/^"\$LANDING_ZONE_FILE"$/, 'no-such-landing-zone.yaml').replace(/^"\$plan"$/, 'plan.json'),
      ),
  );
}

/** Runs the command line through the real CLI, without AWS: the files do not exist, so it must stop at reading them. */
async function exitOf(args: string[]): Promise<{ code: number; err: string }> {
  const fake = fakeTerminal({ env: { AWS_REGION: 'us-east-1' } });
  const code = await main(args, { terminal: fake.terminal });
  return { code, err: fake.err() };
}

describe('templates/pipelines', () => {
  it('GitHub Actions: plan on a pull request (summary and artifact), apply the saved plan after merge, OIDC roles', async () => {
    const workflow = parseYaml(await readFile('templates/pipelines/github-actions.yml', 'utf8')) as Workflow;
    expect(Object.keys(workflow.on)).toEqual(['pull_request', 'push']);
    expect(workflow.permissions['id-token']).toBe('write');
    const plan = workflow.jobs.plan;
    const apply = workflow.jobs.apply;
    expect(plan?.if).toContain('pull_request');
    expect(apply?.if).toContain('push');
    const planScript = plan?.steps.map((step) => step.run ?? '').join('\n') ?? '';
    expect(planScript).toContain('GITHUB_STEP_SUMMARY');
    expect(plan?.steps.find((step) => step.uses?.startsWith('actions/upload-artifact'))?.with?.path).toContain(
      'plan.json',
    );
    for (const job of [plan, apply])
      expect(
        job?.steps.find((step) => step.uses?.startsWith('aws-actions/configure-aws-credentials'))?.with,
      ).toMatchObject({
        'role-to-assume': expect.stringMatching(/^\$\{\{ vars\.AWSARCH_(PLAN|APPLY)_ROLE_ARN \}\}$/),
      });
    const applyScript = apply?.steps.map((step) => step.run ?? '').join('\n') ?? '';
    expect(awsarchCommands(planScript)).toEqual([
      ['plan', '-f', 'no-such-landing-zone.yaml', '--out', 'plan.json', '--detailed-exitcode'],
    ]);
    expect(awsarchCommands(applyScript)).toEqual([['--yes', 'apply', 'plan.json', '--journal-dir', '.awsarch/runs']]);
  });

  it('CodeBuild: the same plan and apply, chosen by AWSARCH_MODE', async () => {
    const buildspec = parseYaml(await readFile('templates/pipelines/buildspec.yml', 'utf8')) as {
      version: number;
      phases: { build: { commands: string[] } };
      artifacts: { files: string[] };
    };
    expect(buildspec.version).toBe(0.2);
    expect(buildspec.artifacts.files).toContain('plan.json');
    const commands = awsarchCommands(buildspec.phases.build.commands.join('\n'));
    expect(commands).toEqual([
      ['plan', '-f', 'no-such-landing-zone.yaml', '--out', 'plan.json', '--detailed-exitcode'],
      ['--yes', 'apply', 'plan.json'],
    ]);
  });

  it('their awsarch command lines are ones awsarch accepts (they stop at the missing file, exit 2)', async () => {
    const workflow = await readFile('templates/pipelines/github-actions.yml', 'utf8');
    const buildspec = await readFile('templates/pipelines/buildspec.yml', 'utf8');
    for (const args of [...awsarchCommands(workflow), ...awsarchCommands(buildspec)]) {
      const { code, err } = await exitOf(
        args.map((word) => (word === 'plan.json' && args.includes('apply') ? 'no-such-plan.json' : word)),
      );
      expect(code, err).toBe(2);
      expect(err).toMatch(/cannot read the (landing-zone file|saved plan)/);
    }
  });
});
