import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { newStateDir, runAwsarch, startAwsarch, waitForOutput } from './run-binary.js';

/**
 * The JSON documents of the commands the other e2e tests drive only as text (or not at all), through the
 * binary: run-binary.ts validates each against its schema; these tests check what each is for.
 */
describe('JSON documents of the offline and sandbox commands', () => {
  let stateDir: string;
  const json = async (args: string[], code = 0) => {
    const run = await runAwsarch(['--output', 'json', ...args], stateDir);
    expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(code);
    const document = JSON.parse(run.stdout) as Record<string, any>;
    expect(Object.keys(document).slice(0, 2)).toEqual(['schemaVersion', 'kind']);
    return document;
  };

  beforeAll(() => {
    stateDir = newStateDir();
  });

  it('scp render, scp validate of a broken policy, scp test --file, scp list --bundled (offline)', async () => {
    const rendered = await json(['scp', 'render', 'RequireRegions', '--param', 'allowedRegions=eu-west-1']);
    expect(rendered).toMatchObject({ kind: 'scp-render', name: 'RequireRegions' });
    expect(JSON.parse(rendered.content)).toEqual(rendered.document);
    expect(rendered.size).toBe(rendered.content.length);

    const policy = join(stateDir, 'allows-a-principal.json');
    writeFileSync(
      policy,
      JSON.stringify(
        { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' }] },
        null,
        2,
      ),
    );
    const invalid = await json(['scp', 'validate', policy], 1);
    expect(invalid).toMatchObject({ kind: 'scp-validate', valid: false });
    expect(invalid.policies[0].issues).toContainEqual(
      expect.objectContaining({ severity: 'error', rule: expect.any(String), line: expect.any(Number) }),
    );

    const cases = await json(['scp', 'test', '--file', 'templates/scps/cases.yaml']);
    expect(cases).toMatchObject({ kind: 'scp-test-cases', mode: 'offline', failed: 0 });
    expect(cases.passed).toBe(cases.results.length);

    const bundled = await json(['scp', 'list', '--bundled']);
    expect(bundled.kind).toBe('scp-list');
    expect(bundled.bundled).toHaveLength(6);
    expect(bundled).not.toHaveProperty('organization');
  });

  it('org init --dry-run before there is an organization: no id yet, and what would be created', async () => {
    const plan = await json(['--sandbox', 'org', 'init', '--ou', 'Workloads/Prod', '--dry-run']);
    expect(plan).toEqual({
      schemaVersion: 1,
      kind: 'org-init',
      dryRun: true,
      organizationCreated: true,
      ousCreated: ['Workloads', 'Workloads/Prod'],
      ousExisting: [],
    });
  });

  it('sandbox seed, fault and reset', async () => {
    const seeded = await json(['sandbox', 'seed', 'hybrid']);
    expect(seeded).toMatchObject({ kind: 'sandbox-seed', seed: 'hybrid', stateDir, existing: [] });
    expect(seeded.created.length).toBeGreaterThan(5);
    const fault = await json(['sandbox', 'fault', 'vpn-tunnel-down', '2']);
    expect(fault).toMatchObject({ kind: 'sandbox-fault', fault: 'vpn-tunnel-down', target: '2' });
    expect(fault.changed).toHaveLength(1);
    const unknown = await json(['sandbox', 'fault', 'meteor-strike'], 2);
    expect(unknown.error).toMatchObject({ code: 'unknown-fault', hint: expect.stringContaining('--help') });
    expect(await json(['--yes', 'sandbox', 'reset'])).toEqual({
      schemaVersion: 1,
      kind: 'sandbox-reset',
      stateDir,
      reset: true,
    });
  });

  it('sandbox start: events on stderr while it serves, and a document after Ctrl-C counting the requests', async () => {
    const server = startAwsarch(['--output', 'json', '--verbose', 'sandbox', 'start', '--port', '0'], stateDir);
    await waitForOutput(server, /"code":"sandbox-started"/);
    const started = server
      .output()
      .stderr.split('\n')
      .map((line) => (line.startsWith('{') ? JSON.parse(line) : undefined))
      .find((event) => event?.code === 'sandbox-started');
    const endpoint: string = started.data.endpoint;
    expect(endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    // Another awsarch process with the same state reuses the server.
    expect((await runAwsarch(['--sandbox', 'org', 'init', '--dry-run'], stateDir)).code).toBe(0);
    server.kill('SIGINT');
    const done = await server.done;
    expect(done.code).toBe(0);
    const document = JSON.parse(done.stdout);
    expect(document).toMatchObject({ kind: 'sandbox-start', endpoint, stateDir });
    expect(document.requests).toBeGreaterThanOrEqual(1);
  });

  it('bad usage with --output json: the error document, exit 2', async () => {
    const unknown = await json(['account', 'create', '--nmae', 'Dev'], 2);
    expect(unknown.error).toMatchObject({ code: 'bad-usage', message: "unknown option '--nmae'" });
    const region = await json(['--region', 'mars-1', 'account', 'list'], 2);
    expect(region.error.code).toBe('bad-region');
  });
});
