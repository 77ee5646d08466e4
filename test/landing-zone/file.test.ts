import { readFile } from 'node:fs/promises';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { ExitCode } from '../../src/core/exit-code.js';
import { loadLandingZone, parseLandingZone } from '../../src/landing-zone/file/load.js';
import { landingZoneJsonSchema } from '../../src/landing-zone/file/schema.js';

const EXAMPLE = 'templates/landing-zone.yaml';

/** A small valid file; tests replace one line to break it. */
const BASE = `version: 1
organizationalUnits:
  - Security
  - Workloads/Prod
accounts:
  - name: Security
    email: aws+security@example.com
    ou: Security
  - name: Prod
    email: aws+prod@example.com
    ou: Workloads/Prod
    tags: { env: prod }
scps:
  parameters:
    allowedRegions: [us-east-1]
  attachments:
    - target: Workloads
      policies: [RequireRegions]
baselines:
  - ou: root
    baseline: default
    skip: [network]
network:
  cidrPool: 10.0.0.0/8
  transitGateway: { name: tgw, owner: Security }
  logArchive: { account: Security, bucket: 'logs-{organizationId}' }
`;

async function problemOf(text: string): Promise<{ message: string; code: string; exitCode: number; details: any }> {
  try {
    await parseLandingZone(text, 'lz.yaml');
  } catch (error) {
    return error as never;
  }
  throw new Error('the file was accepted');
}

describe('the landing-zone file', () => {
  it('the bundled example is valid: OUs, six accounts, SCPs, a baseline for everyone, the network prerequisites', async () => {
    const spec = await loadLandingZone(EXAMPLE);
    expect(spec.ous.map((ou) => ou.join('/'))).toEqual([
      'Infrastructure',
      'Security',
      'Workloads',
      'Workloads/NonProd',
      'Workloads/Prod',
    ]);
    expect(spec.accounts.map((account) => account.name)).toEqual([
      'Security',
      'Log Archive',
      'Shared Services',
      'Dev',
      'Staging',
      'Prod',
    ]);
    expect(spec.accounts.every((account) => account.baseline?.steps.length === 6)).toBe(true);
    expect(spec.scps?.assignments).toEqual([
      {
        target: 'root',
        policies: ['DenyRootAccountUsage', 'PreventSecurityChanges', 'DenyPublicS3', 'RequireEncryption'],
      },
      { target: 'Workloads', policies: ['RequireRegions', 'RequireTags'] },
    ]);
    expect(spec.network).toMatchObject({ region: 'us-east-1', transitGateway: { owner: 'Shared Services' } });
    // The baseline builds on the file's prerequisites, not on its own defaults.
    const network = spec.baselines.default?.steps.find((step) => step.step === 'network');
    expect(network).toMatchObject({ cidrPool: '10.128.0.0/9', transitGateway: { name: 'awsarch-shared-tgw' } });
    expect(spec.source.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('accepts the small file and resolves the nearest baseline with its skips', async () => {
    const spec = await parseLandingZone(BASE, 'lz.yaml');
    expect(spec.accounts[1]).toMatchObject({ ou: ['Workloads', 'Prod'], tags: { env: 'prod' } });
    expect(spec.accounts[1]?.baseline?.steps).toEqual(['cloudtrail', 'config', 'guardduty', 'securityhub', 'roles']);
    expect(spec.suspendedOu).toEqual(['Suspended']);
  });

  it.each([
    ['broken YAML', BASE.replace('  - Security\n', '  - [Security\n'), /lz\.yaml:4:3: not valid YAML/],
    ['no version', BASE.replace('version: 1\n', ''), /lz\.yaml:1:1: version: expected version: 1/],
    ['a future version', BASE.replace('version: 1', 'version: 2'), /lz\.yaml:1:10: version: expected version: 1/],
    [
      'an unknown key',
      BASE.replace('    tags: { env: prod }', '    tag: { env: prod }'),
      /lz\.yaml:12:5: accounts\[1\]\.tag: unknown key "tag"/,
    ],
    [
      'a duplicate account name',
      BASE.replace('  - name: Prod', '  - name: security'),
      /lz\.yaml:9:11: accounts\[1\]\.name: the account name "security" is used twice \(also accounts\[0\]\)/,
    ],
    [
      'a duplicate e-mail',
      BASE.replace('aws+prod@example.com', 'AWS+security@example.com'),
      /lz\.yaml:10:12: accounts\[1\]\.email: the e-mail AWS\+security@example.com is used twice/,
    ],
    [
      'an OU path deeper than five levels',
      BASE.replace('  - Workloads/Prod\n', '  - Workloads/Prod\n  - A/B/C/D/E/F\n'),
      /lz\.yaml:5:5: organizationalUnits\[2\]: "A\/B\/C\/D\/E\/F" is 6 levels deep; AWS Organizations allows at most 5/,
    ],
    [
      'an unknown OU',
      BASE.replace('    ou: Workloads/Prod', '    ou: Workloads/Production'),
      /lz\.yaml:11:9: accounts\[1\]\.ou: account "Prod" names the OU "Workloads\/Production", which organizationalUnits does not list/,
    ],
    [
      'an unknown SCP',
      BASE.replace('policies: [RequireRegions]', 'policies: [RequireRegion]'),
      /lz\.yaml:18:18: scps\.attachments\[0\]\.policies\[0\]: "RequireRegion" is neither a bundled SCP nor a file/,
    ],
    [
      'an unknown SCP target',
      BASE.replace('target: Workloads', 'target: Workload'),
      /lz\.yaml:17:15: scps\.attachments\[0\]\.target: "Workload" is not root, an OU/,
    ],
    [
      'a parameter of the wrong type',
      BASE.replace('allowedRegions: [us-east-1]', 'allowedRegions: 42'),
      /lz\.yaml:15:21: scps\.parameters\.allowedRegions: expected a string or a list of strings/,
    ],
    [
      'a parameter value the SCP does not accept',
      BASE.replace('allowedRegions: [us-east-1]', 'allowedRegions: [us-east-1, moon-base]'),
      /lz\.yaml:15:21: scps\.parameters\.allowedRegions: "moon-base" is not a valid value of allowedRegions for RequireRegions/,
    ],
    [
      'a parameter no SCP declares',
      BASE.replace('allowedRegions: [us-east-1]', 'allowedRegions: [us-east-1]\n    allowedRegion: [us-east-1]'),
      /lz\.yaml:16:5: scps\.parameters\.allowedRegion: no SCP of the attachments has a parameter named allowedRegion/,
    ],
    [
      'more SCPs on a target than AWS allows',
      BASE.replace(
        'policies: [RequireRegions]',
        'policies: [RequireRegions, RequireTags, DenyPublicS3, RequireEncryption, DenyRootAccountUsage]',
      ),
      /lz\.yaml:18:17: scps\.attachments\[0\]\.policies: Workloads would have 6 SCPs attached .* AWS allows 5/,
    ],
    [
      'an unknown baseline',
      BASE.replace('baseline: default', 'baseline: defualt'),
      /lz\.yaml:21:15: baselines\[0\]\.baseline: there is no bundled baseline "defualt"/,
    ],
    [
      'a skipped step the baseline does not have',
      BASE.replace('skip: [network]', 'skip: [netwrk]'),
      /lz\.yaml:22:12: baselines\[0\]\.skip\[0\]: baseline default has no step "netwrk"/,
    ],
  ])('rejects %s: exit 2, the file, line and column', async (_label, text, message) => {
    const error = await problemOf(text);
    expect(error.code).toBe('landing-zone-invalid');
    expect(error.exitCode).toBe(ExitCode.BadInput);
    expect(error.message).toMatch(message);
    expect(error.message.split('\n')).toHaveLength(1);
  });

  it('names the account a baseline needs when the file does not list it', async () => {
    const error = await problemOf(BASE.replace('account: Security, bucket', 'account: Log Archive, bucket'));
    expect(error.message).toMatch(/network\.logArchive\.account: the log archive names the account "Log Archive"/);
    const noNetwork = await problemOf(BASE.replace(/network:\n[\s\S]*$/, ''));
    expect(noNetwork.message).toMatch(/baselines\[0\]\.baseline: baseline default names the account "Log Archive"/);
  });

  it('reports every problem of the file at once, in file order', async () => {
    const text = BASE.replace('    ou: Workloads/Prod', '    ou: Nowhere').replace(
      'version: 1',
      'version: 1\nextra: true',
    );
    const error = await problemOf(text);
    expect(error.message).toMatch(/^lz\.yaml:2:1: extra: unknown key "extra"$/m);
    const structural = await problemOf(
      BASE.replace('    ou: Workloads/Prod', '    ou: Nowhere').replace('aws+prod', 'aws+security'),
    );
    expect(structural.message.split('\n')[0]).toBe('lz.yaml has 2 problems:');
    expect(structural.details.problems.map((problem: { line: number }) => problem.line)).toEqual([10, 11]);
  });

  it('an unreadable file is bad input too', async () => {
    await expect(loadLandingZone('no/such/landing-zone.yaml')).rejects.toMatchObject({
      code: 'landing-zone-unreadable',
      exitCode: ExitCode.BadInput,
    });
  });

  it('the bundled example file opens with its JSON Schema', async () => {
    expect((await readFile(EXAMPLE, 'utf8')).split('\n')[0]).toBe(
      '# yaml-language-server: $schema=../schemas/landing-zone.schema.json',
    );
  });
});

describe('the shipped JSON Schema (schemas/landing-zone.schema.json)', () => {
  it('is what the code defines (regenerate with `npm run schemas`)', async () => {
    const shipped = JSON.parse(await readFile('schemas/landing-zone.schema.json', 'utf8'));
    expect(shipped).toEqual(landingZoneJsonSchema());
  });

  it('accepts the bundled example and rejects what the loader rejects', async () => {
    const validate = new Ajv2020({ strict: false, allErrors: true }).compile(landingZoneJsonSchema());
    expect(validate(parseYaml(await readFile(EXAMPLE, 'utf8'))), JSON.stringify(validate.errors)).toBe(true);
    expect(validate(parseYaml(BASE.replace('version: 1', 'version: 2')))).toBe(false);
    expect(validate(parseYaml(BASE.replace('    tags: { env: prod }', '    tag: { env: prod }')))).toBe(false);
    expect(validate(parseYaml(BASE.replace('allowedRegions: [us-east-1]', 'allowedRegions: 42')))).toBe(false);
  });
});
