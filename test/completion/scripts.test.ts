import { describe, expect, it } from 'vitest';
import { programCommandTree } from '../../src/cli.js';
import { commandsWithPaths, SHELLS, type CommandSpec } from '../../src/completion/command-spec.js';
import { completionScript } from '../../src/completion/script.js';

const program = programCommandTree();
const everyCommand = commandsWithPaths(program);

/** How each shell's script spells a subcommand word and an option flag. */
const SPELLING: Record<(typeof SHELLS)[number], { command: (name: string) => string; flag: (flag: string) => string }> =
  {
    bash: { command: (name) => ` '${name}'`, flag: (flag) => ` '${flag}'` },
    zsh: { command: (name) => ` '${name}:`, flag: (flag) => ` '${flag}:` },
    fish: {
      command: (name) => ` -a '${name}' -d `,
      flag: (flag) => (flag.startsWith('--') ? ` -l ${flag.slice(2)} ` : ` -s ${flag.slice(1)} `),
    },
  };

describe('completion scripts are generated from the command tree', () => {
  it('the tree has every command of the program, with its options', () => {
    const paths = everyCommand.map(({ path }) => path.join(' '));
    expect(paths).toEqual(expect.arrayContaining(['scp apply', 'baseline status', 'doctor', 'completion']));
    const scpApply = everyCommand.find(({ path }) => path.join(' ') === 'scp apply')?.command as CommandSpec;
    expect(scpApply.options.flatMap((option) => option.flags)).toEqual(
      expect.arrayContaining(['--policy', '--target']),
    );
    const root = everyCommand[0]?.command as CommandSpec;
    expect(root.options.find((option) => option.flags.includes('--output'))?.value).toEqual({
      kind: 'choices',
      choices: ['auto', 'tui', 'plain', 'json'],
    });
  });

  it.each(SHELLS)('%s: every command and every option of the program appears in the script', (shell) => {
    const { script } = completionScript(shell, program, '0.0.0-test');
    const spelling = SPELLING[shell];
    const missing: string[] = [];
    for (const { path, command } of everyCommand) {
      for (const child of command.commands)
        if (!script.includes(spelling.command(child.name))) missing.push(`command ${[...path, child.name].join(' ')}`);
      for (const option of command.options)
        for (const flag of option.flags)
          if (!script.includes(spelling.flag(flag))) missing.push(`option ${flag} of "${path.join(' ')}"`);
    }
    expect(missing).toEqual([]);
    expect(everyCommand.length).toBeGreaterThan(40);
  });

  it('an unknown shell is bad input with the closest shell suggested', () => {
    expect(() => completionScript('bsh', program, '0')).toThrow(/no completion for shell "bsh"; did you mean bash\?/);
    try {
      completionScript('powershell', program, '0');
    } catch (error) {
      expect((error as { code: string; exitCode: number }).code).toBe('unknown-shell');
      expect((error as { exitCode: number }).exitCode).toBe(2);
    }
    expect.assertions(3);
  });
});
