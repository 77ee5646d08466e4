import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { programCommandTree } from '../../src/cli.js';
import { commandsWithPaths, type Shell } from '../../src/completion/command-spec.js';
import { completionScript } from '../../src/completion/script.js';

// The scripts run in the real shells: bash always (it is on every machine this runs on); zsh and fish only where
// installed (they are not in CI's image, and the tests must not depend on packages CI does not have).
const program = programCommandTree();
const everyCommand = commandsWithPaths(program);
const dir = mkdtempSync(join(tmpdir(), 'awsarch-completion-'));

function installed(shell: string): boolean {
  return spawnSync(shell, ['--version'], { stdio: 'ignore' }).status === 0;
}

function scriptFile(shell: Shell): string {
  const path = join(dir, `awsarch.${shell}`);
  writeFileSync(path, completionScript(shell, program, '0.0.0-test').script);
  return path;
}

/** Runs `body` in the shell and returns each "<case>\t<candidate> <candidate>..." line as case -> candidates. */
function runIn(shell: string, args: string[]): Map<string, string[]> {
  const run = spawnSync(shell, [...args, join(dir, `driver.${shell}`)], { encoding: 'utf8', timeout: 120_000 });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return new Map(
    run.stdout
      .split('\n')
      .filter((line) => line.includes('\t'))
      .map((line) => {
        const [key, words = ''] = line.split('\t');
        return [key as string, words.split(' ').filter(Boolean)];
      }),
  );
}

/** The cases every shell must complete, as word lists typed so far (the last word is the one completed). */
const CASES: string[][] = [
  ['awsarch', 'baseline', 'st'],
  ['awsarch', 'scp', 'apply', '--po'],
  ['awsarch', '--output', ''],
  ['awsarch', 'completion', ''],
  ['awsarch', '--region', 'eu-west-1', 'scp', 'apply', '--policy', 'RequireRegions', '--ta'],
  ...everyCommand.filter(({ command }) => command.commands.length > 0).map(({ path }) => ['awsarch', ...path, '']),
  ...everyCommand.map(({ path }) => ['awsarch', ...path, '--']),
];
const key = (words: string[]) => words.join(' ');

/** What completing each case must offer (at least). */
function expected(words: string[]): string[] {
  const typed = words.slice(1, -1);
  const last = words.at(-1) as string;
  if (key(words) === 'awsarch baseline st') return ['status'];
  if (key(words) === 'awsarch scp apply --po') return ['--policy'];
  if (last === '' && typed[0] === '--output') return ['auto', 'tui', 'plain', 'json'];
  if (last === '' && typed[0] === 'completion') return ['bash', 'zsh', 'fish'];
  if (last === '--ta') return ['--target'];
  const at = everyCommand.filter(
    ({ path }) => path.join(' ') === typed.slice(0, path.length).join(' ') && path.length <= typed.length,
  );
  if (last === '') return (at.at(-1)?.command.commands ?? []).map((child) => child.name);
  return at.flatMap(({ command }) =>
    command.options.flatMap((option) => option.flags.filter((flag) => flag.startsWith('--'))),
  );
}

function checkAll(results: Map<string, string[]>): void {
  const wrong: string[] = [];
  for (const words of CASES) {
    const got = results.get(key(words));
    const want = expected(words);
    const missing = want.filter((word) => !got?.includes(word));
    if (missing.length > 0 || !got)
      wrong.push(`${key(words)}<TAB>: missing ${missing.join(' ')} (got ${got?.join(' ')})`);
    const prefix = words.at(-1) as string;
    const stray = (got ?? []).filter((word) => !word.startsWith(prefix));
    if (stray.length > 0)
      wrong.push(`${key(words)}<TAB>: offers ${stray.join(' ')}, which do not start with "${prefix}"`);
  }
  expect(wrong).toEqual([]);
  expect(results.get('awsarch baseline st')).toEqual(['status']);
  expect(results.get('awsarch scp apply --po')).toEqual(['--policy']);
}

const bashQuote = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;

describe('completion scripts in real shells', () => {
  it('bash: the script parses (bash -n) and completes commands, options and values', () => {
    const script = scriptFile('bash');
    expect(spawnSync('bash', ['-n', script], { encoding: 'utf8' }).status).toBe(0);
    const body = [
      `source ${bashQuote(script)}`,
      ...CASES.map((words) =>
        [
          `COMP_WORDS=(${words.map(bashQuote).join(' ')}); COMP_CWORD=${words.length - 1}; COMPREPLY=()`,
          '_awsarch_complete',
          `printf '%s\\t%s\\n' ${bashQuote(key(words))} "\${COMPREPLY[*]}"`,
        ].join('\n'),
      ),
    ].join('\n');
    writeFileSync(join(dir, 'driver.bash'), body);
    checkAll(runIn('bash', ['--norc', '--noprofile']));
  });

  it.skipIf(!installed('fish'))('fish (skipped when fish is not installed): complete -C offers the same', () => {
    const script = scriptFile('fish');
    const fishQuote = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
    const body = [
      `source ${fishQuote(script)}`,
      ...CASES.map(
        (words) =>
          `printf '%s\\t%s\\n' ${fishQuote(key(words))} (string join -- ' ' (complete -C ${fishQuote(words.join(' '))} | string replace -r '\\t.*' ''))`,
      ),
    ].join('\n');
    writeFileSync(join(dir, 'driver.fish'), body);
    checkAll(runIn('fish', ['--no-config']));
  });

  it.skipIf(!installed('zsh'))(
    'zsh (skipped when zsh is not installed): the script parses and its function offers the same',
    () => {
      const script = scriptFile('zsh');
      expect(spawnSync('zsh', ['-n', script]).status).toBe(0);
      // Outside an interactive shell there is no completion system: _describe and compadd are stood in for, and
      // filter by the typed prefix as zsh's would; everything else is the script's own code run by zsh.
      const body = [
        'compdef() { :; }',
        `source ${bashQuote(script)}`,
        'typeset -g PREFIX',
        '_describe() { local name=${@[-1]} entry; for entry in ${(P)name}; do entry=${entry%%:*}; [[ $entry == ${PREFIX}* ]] && print -r -- $entry; done; }',
        'compadd() { [[ $1 == -- ]] && shift; local w; for w in "$@"; do [[ $w == ${PREFIX}* ]] && print -r -- $w; done; }',
        'compset() { :; }',
        '_files() { :; }',
        ...CASES.map((words) =>
          [
            `words=(${words.map(bashQuote).join(' ')}); CURRENT=${words.length}; PREFIX=${bashQuote(words.at(-1) as string)}`,
            `printf '%s\\t%s\\n' ${bashQuote(key(words))} "$(_awsarch_complete | tr '\\n' ' ')"`,
          ].join('\n'),
        ),
      ].join('\n');
      writeFileSync(join(dir, 'driver.zsh'), body);
      checkAll(runIn('zsh', ['-f']));
    },
  );
});
