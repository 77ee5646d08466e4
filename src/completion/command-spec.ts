/** The shells `awsarch completion` writes a script for. */
export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

/** What the word after an option (or a positional argument) can be. */
export type ValueSpec =
  | { kind: 'choices'; choices: string[] }
  | { kind: 'file' }
  | { kind: 'dir' }
  /** Anything (a name, a number): the shell offers nothing. */
  | { kind: 'any' };

export interface OptionSpec {
  /** Every spelling: `-o`, `--output`. */
  flags: string[];
  description: string;
  /** Absent for a flag that takes no value. */
  value?: ValueSpec;
}

export interface ArgumentSpec {
  name: string;
  value: ValueSpec;
  variadic: boolean;
}

/** A command as the shell sees it: its words, options and arguments, and its subcommands. */
export interface CommandSpec {
  name: string;
  description: string;
  options: OptionSpec[];
  arguments: ArgumentSpec[];
  commands: CommandSpec[];
}

/** A command with the words that lead to it from the program (`['scp', 'apply']`). */
export interface CommandAtPath {
  path: string[];
  command: CommandSpec;
}

/** Every command of the tree, the program first, parents before their children. */
export function commandsWithPaths(program: CommandSpec): CommandAtPath[] {
  const walk = (command: CommandSpec, path: string[]): CommandAtPath[] => [
    { path, command },
    ...command.commands.flatMap((child) => walk(child, [...path, child.name])),
  ];
  return walk(program, []);
}

/** What a value placeholder (`<file>`, `<dir>`, `<cases>`) suggests the shell completes. */
export function valueOfPlaceholder(placeholder: string, choices: readonly string[] | undefined): ValueSpec {
  if (choices && choices.length > 0) return { kind: 'choices', choices: [...choices] };
  if (/^(dir|directory|journal-dir)$/.test(placeholder)) return { kind: 'dir' };
  if (/^(file|cases|plan|template)$/.test(placeholder)) return { kind: 'file' };
  return { kind: 'any' };
}
