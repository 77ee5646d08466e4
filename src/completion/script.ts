import { closestNames } from '../core/closest-names.js';
import { ERR } from '../core/error-codes.js';
import { usageError } from '../core/errors.js';
import { bashScript } from './bash.js';
import { SHELLS, type CommandSpec, type Shell } from './command-spec.js';
import { fishScript } from './fish.js';
import { zshScript } from './zsh.js';

export interface CompletionScript {
  shell: Shell;
  script: string;
}

const GENERATORS: Record<Shell, (program: CommandSpec, version: string) => string> = {
  bash: bashScript,
  zsh: zshScript,
  fish: fishScript,
};

/** The shell named on the command line, or a bad-input error suggesting the closest one. */
export function parseShell(name: string): Shell {
  const shell = SHELLS.find((known) => known === name.toLowerCase());
  if (shell) return shell;
  const [closest] = closestNames(name, SHELLS, 1);
  throw usageError(
    ERR.UNKNOWN_SHELL,
    `no completion for shell "${name}"${closest ? `; did you mean ${closest}?` : ''} (awsarch completes bash, zsh and fish)`,
    `run: awsarch completion ${closest ?? 'bash'}`,
  );
}

/** The completion script of a program for a shell. */
export function completionScript(shellName: string, program: CommandSpec, version: string): CompletionScript {
  const shell = parseShell(shellName);
  return { shell, script: GENERATORS[shell](program, version) };
}
