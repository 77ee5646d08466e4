import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ENV_OPTIONS, envName } from '../../src/commands/options.js';
import { newStateDir, ROOT, runAwsarch, type BinaryRun } from './run-binary.js';

// No environment variable changes a command it was not meant for: AWSARCH_FROM (scp apply --from FILE)
// must not feed replay ride-sharing's --from TIME, AWSARCH_STATE (sandbox --state DIR) not replay list's
// --state filter. Only global options and flags that mean one thing everywhere have variables.
const untimed = (run: BinaryRun) => ({
  code: run.code,
  stdout: run.stdout.replace(/\d+(\.\d+)?(ms|s)\b/g, 'T'),
  stderr: run.stderr.replace(/\d+(\.\d+)?(ms|s)\b/g, 'T'),
});

describe('environment variables', () => {
  test('AWSARCH_FROM does not change replay ride-sharing', async () => {
    const stateDir = newStateDir();
    const args = ['--sandbox', 'replay', 'ride-sharing', '--to', 'now', '--dry-run'];
    const without = await runAwsarch(args, stateDir);
    const withFrom = await runAwsarch(args, stateDir, { AWSARCH_FROM: 'templates/scps/landing-zone-scps.yaml' });
    expect(without.code).toBe(2);
    expect(without.stderr).toMatch(/required option '--from <time>' not specified/);
    expect(untimed(withFrom)).toEqual(untimed(without));
  }, 60_000);

  test('AWSARCH_STATE does not change replay list', async () => {
    const stateDir = newStateDir();
    const args = ['--sandbox', '--output', 'json', 'replay', 'list'];
    const without = await runAwsarch(args, stateDir);
    const withState = await runAwsarch(args, stateDir, { AWSARCH_STATE: stateDir });
    expect(withState.stderr).not.toMatch(/--state/);
    expect({ code: withState.code, stdout: withState.stdout }).toEqual({ code: without.code, stdout: without.stdout });
  }, 60_000);

  test('the README has one table of variables, naming exactly the options that read one', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const table = readme.slice(readme.indexOf('## Environment variables'), readme.indexOf('## Exit codes'));
    const named = new Set([...table.matchAll(/`(AWSARCH_[A-Z_]+)/g)].map((match) => match[1]));
    for (const option of ENV_OPTIONS) expect(named).toContain(envName(option));
    const known = new Set([...ENV_OPTIONS.map(envName), 'AWSARCH_SANDBOX_DIR']);
    expect([...named].filter((name) => !known.has(name as string))).toEqual([]);
    for (const variable of ['NO_COLOR', 'FORCE_COLOR', 'COLUMNS', 'CI', 'AWS_REGION', 'AWS_ENDPOINT_URL'])
      expect(table).toContain(`\`${variable}`);
  });
});
