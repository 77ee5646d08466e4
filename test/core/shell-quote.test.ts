import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { followUpCommand, rerunCommand, whereOptions } from '../../src/core/rerun-hint.js';
import { shellCommand, shellQuote } from '../../src/core/shell-quote.js';
import { testContext } from '../helpers/context.js';

/** What /bin/sh makes of a command line: its words, one per line. */
function wordsAsShellReadsThem(line: string): string[] {
  const run = spawnSync('/bin/sh', ['-c', `printf '%s\\n' ${line}`], { encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  return run.stdout.split('\n').slice(0, -1);
}

describe('shell quoting for hints', () => {
  it('leaves plain words bare and quotes the rest', () => {
    expect(shellQuote('Workloads/NonProd')).toBe('Workloads/NonProd');
    expect(shellQuote('ec2:RunInstances')).toBe('ec2:RunInstances');
    expect(shellQuote('allowedRegions=eu-west-1,eu-central-1')).toBe('allowedRegions=eu-west-1,eu-central-1');
    expect(shellQuote('Shared Services')).toBe("'Shared Services'");
    expect(shellQuote('')).toBe("''");
  });

  it('gives back exactly the words when a POSIX shell reads the line', () => {
    const words = [
      'Shared Services',
      "O'Brien",
      'a"b',
      '$HOME',
      '`id`',
      'x;y',
      'ec2:Run*',
      '',
      'tab\there',
      'back\\slash',
    ];
    expect(wordsAsShellReadsThem(shellCommand(words))).toEqual(words);
  });
});

describe('rerun and follow-up hints', () => {
  it('carry the options that say where the command acted, and no more', () => {
    const sandbox = testContext({ options: { sandbox: true, region: 'eu-west-1' } }).ctx;
    expect(whereOptions(sandbox)).toEqual(['--sandbox', '--region', 'eu-west-1']);
    expect(whereOptions({ ...sandbox, env: { AWS_REGION: 'eu-west-1' } })).toEqual(['--sandbox']);
    const profile = testContext({ options: { profile: 'prod admin', accessRole: 'LandingZoneAdmin' } }).ctx;
    expect(followUpCommand(profile, ['replay', 'status', 'r-1', '--wait', '--account', 'Shared Services'])).toBe(
      "awsarch --profile 'prod admin' --access-role LandingZoneAdmin replay status r-1 --wait --account 'Shared Services'",
    );
  });

  it('repeat the invocation word for word, adding what is asked once', () => {
    const invocation = ['--sandbox', 'scp', 'apply', '--target', 'Shared Services', '--policy', 'RequireRegions'];
    expect(rerunCommand({ invocation }, ['--yes'], 'fallback')).toBe(
      "awsarch --sandbox scp apply --target 'Shared Services' --policy RequireRegions --yes",
    );
    expect(rerunCommand({ invocation: [...invocation, '--yes'] }, ['--yes'], 'fallback')).toMatch(
      /RequireRegions --yes$/,
    );
    expect(rerunCommand({}, ['--yes'], 'the same command with --yes')).toBe('the same command with --yes');
  });
});
