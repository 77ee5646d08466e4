import type { Argument, Command, Option } from 'commander';
import {
  valueOfPlaceholder,
  type ArgumentSpec,
  type CommandSpec,
  type OptionSpec,
} from '../completion/command-spec.js';

/** The help option every command has (commander keeps it apart from `options`). */
const HELP: OptionSpec = { flags: ['-h', '--help'], description: 'show help for a command' };

/** The commander program as the completion scripts see it, read at run time so a script never goes stale. */
export function describeCommandTree(command: Command): CommandSpec {
  return {
    name: command.name(),
    description: command.summary() || command.description().split('\n')[0] || '',
    options: [...command.options.filter((option) => !option.hidden).map(describeOption), HELP],
    arguments: command.registeredArguments.map(describeArgument),
    commands: command.commands.map(describeCommandTree),
  };
}

function describeOption(option: Option): OptionSpec {
  const flags = [option.short, option.long].filter((flag): flag is string => Boolean(flag));
  const placeholder = /[<[]([^>\]]+)[>\]]/.exec(option.flags)?.[1];
  return {
    flags,
    description: option.description,
    ...(placeholder ? { value: valueOfPlaceholder(placeholder.replace(/\.\.\.$/, ''), option.argChoices) } : {}),
  };
}

function describeArgument(argument: Argument): ArgumentSpec {
  return {
    name: argument.name(),
    value: valueOfPlaceholder(argument.name(), argument.argChoices),
    variadic: argument.variadic,
  };
}
