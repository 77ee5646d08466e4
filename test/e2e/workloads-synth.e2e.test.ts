import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { newStateDir, runAwsarch } from './run-binary.js';

const json = (text: string) => JSON.parse(text) as Record<string, any>;

describe('awsarch synth and workloads list through the binary', () => {
  it('lists the bundled workloads with their stacks and settings', async () => {
    const run = await runAwsarch(['--output', 'json', 'workloads', 'list'], newStateDir());
    expect(run.code, run.stderr).toBe(0);
    const workloads = json(run.stdout).workloads as Array<{
      name: string;
      stacks: Array<{ id: string }>;
      context: Array<{ key: string }>;
    }>;
    expect(workloads.map((workload) => [workload.name, workload.stacks.map((stack) => stack.id)])).toEqual([
      ['ride-sharing', ['RideSharing']],
      ['orders', ['Orders']],
    ]);
    expect(workloads[0]?.context.map((setting) => setting.key)).toContain('partnerAccountId');
  });

  it.each([
    ['orders', [], 'Orders', { 'AWS::DynamoDB::Table': 5, 'AWS::Lambda::Function': 3, 'AWS::ApiGatewayV2::Route': 9 }],
    [
      'ride-sharing',
      [
        '--context',
        'partnerAccountId=210987654321',
        '--context',
        'partnerBusArn=arn:aws:events:us-east-1:210987654321:event-bus/partner',
      ],
      'RideSharing',
      { 'AWS::Lambda::Function': 6, 'AWS::Events::Archive': 1, 'AWS::EventSchemas::Schema': 13 },
    ],
  ])(
    'synthesizes %s offline, without credentials, into the --out directory',
    async (workload, context, stackName, counts) => {
      const out = mkdtempSync(join(tmpdir(), 'awsarch-synth-'));
      const run = await runAwsarch(['--output', 'json', 'synth', workload, ...context, '--out', out], newStateDir(), {
        AWS_ACCESS_KEY_ID: '',
        AWS_SECRET_ACCESS_KEY: '',
        AWS_PROFILE: 'does-not-exist',
        AWS_EC2_METADATA_DISABLED: 'true',
      });
      expect(run.code, run.stderr).toBe(0);
      const result = json(run.stdout);
      expect(result).toMatchObject({ workload, outdir: out, stacks: [{ name: stackName }], messages: [] });
      const types = Object.fromEntries(
        (result.stacks[0].resourceTypes as Array<{ type: string; count: number }>).map((entry) => [
          entry.type,
          entry.count,
        ]),
      );
      expect(types).toMatchObject(counts);
      const template = json(readFileSync(join(out, `${stackName}.template.json`), 'utf8'));
      expect(Object.keys(template.Resources)).toHaveLength(result.stacks[0].resourceCount);
      if (workload === 'ride-sharing') expect(template.Parameters.PartnerAccountId.Default).toBe('210987654321');
      expect(existsSync(join(out, 'manifest.json'))).toBe(true);
    },
  );

  it('refuses an unknown workload or setting with exit code 2', async () => {
    const unknown = await runAwsarch(['--output', 'json', 'synth', 'blog'], newStateDir());
    expect([unknown.code, json(unknown.stdout).error.code]).toEqual([2, 'unknown-workload']);
    const setting = await runAwsarch(['synth', 'orders', '--context', 'color=blue'], newStateDir());
    expect(setting.code).toBe(2);
    expect(setting.stderr).toMatch(
      /error: orders has no setting "color"\nhint: its settings are: snapshotEvery, alarmEmail/,
    );
  });
});
