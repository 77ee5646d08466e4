import { Argument, type Command } from 'commander';
import type { RunAction } from './run-action.js';

const INSTALL = `
Install (the script is generated from this awsarch's commands, so re-run it after an upgrade):
  bash  $ awsarch completion bash > ~/.local/share/bash-completion/completions/awsarch
        (or add  source <(awsarch completion bash)  to ~/.bashrc)
  zsh   $ source <(awsarch completion zsh)          (in ~/.zshrc, after compinit)
        (or  awsarch completion zsh > "\${fpath[1]}/_awsarch"  and start a new shell)
  fish  $ awsarch completion fish > ~/.config/fish/completions/awsarch.fish

It completes commands, options, and the values awsarch knows (--output modes, files for --file and --from).`;

/** `awsarch completion bash|zsh|fish`: prints a completion script for the shell. */
export function registerCompletionCommand(program: Command, runAction: RunAction): void {
  program
    .command('completion')
    .description('print a shell completion script for bash, zsh or fish (see below how to install it)')
    .addArgument(
      // The shell is checked by the action, which suggests the closest name; the choices feed help and completion.
      new Argument('<shell>', 'bash, zsh or fish').choices(['bash', 'zsh', 'fish']).argParser((value) => value),
    )
    .addHelpText('after', INSTALL)
    .action(async (shell: string, _opts: unknown, command: Command) =>
      runAction(command, {
        aws: false,
        run: async () => {
          const { completionScript } = await import('../completion/script.js');
          const { describeCommandTree } = await import('./command-tree.js');
          let program = command;
          while (program.parent) program = program.parent;
          const result = completionScript(shell, describeCommandTree(program), program.version() ?? 'unknown');
          const { toDocument } = await import('../documents/document.js');
          const { completionView } = await import('../ui/views/completion.js');
          return { data: toDocument('completion', result), human: completionView(result) };
        },
      }),
    );
}
