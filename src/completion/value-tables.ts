import { commandsWithPaths, type CommandSpec, type ValueSpec } from './command-spec.js';

/** A `case` branch of a generated script: a glob over "<path>|<word>" and what it yields. */
export interface CaseBranch {
  /** Shell glob pieces: literal text (quoted by the script) or `*`. */
  pattern: Array<string | { any: true }>;
  value: ValueSpec;
}

/**
 * Which value each option takes, keyed by "<command path>|<option spelling>": an option of a command applies
 * to it and to every command below it (commander reads a program's options after its subcommands too).
 * Deeper commands come first, so a subcommand's option wins over a parent's option of the same spelling.
 */
export function optionValueBranches(program: CommandSpec): CaseBranch[] {
  return commandsWithPaths(program)
    .sort((a, b) => b.path.length - a.path.length)
    .flatMap(({ path, command }) =>
      command.options.flatMap((option) =>
        option.value
          ? option.flags.flatMap((flag) =>
              underPath(path, `|${flag}`).map((pattern) => ({ pattern, value: option.value as ValueSpec })),
            )
          : [],
      ),
    );
}

/** What each positional argument takes, keyed by "<command path>|<index>"; a variadic one matches every later index. */
export function argumentValueBranches(program: CommandSpec): CaseBranch[] {
  return commandsWithPaths(program).flatMap(({ path, command }) => {
    const key = path.join(' ');
    return command.arguments.flatMap((argument, index) =>
      argument.value.kind === 'any'
        ? []
        : [
            {
              pattern: argument.variadic ? [`${key}|`, { any: true as const }] : [`${key}|${index}`],
              value: argument.value,
            },
          ],
    );
  });
}

/** Patterns for "this path or any path below it", followed by `suffix`. */
function underPath(path: string[], suffix: string): Array<CaseBranch['pattern']> {
  if (path.length === 0) return [[{ any: true }, suffix]];
  const key = path.join(' ');
  return [[`${key}${suffix}`], [`${key} `, { any: true }, suffix]];
}

/** The words a script prints for a value: `choices a b c`, `file`, `dir` or `any`. */
export function valueWords(value: ValueSpec): string {
  return value.kind === 'choices' ? `choices ${value.choices.join(' ')}` : value.kind;
}
