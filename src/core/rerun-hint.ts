import { DEFAULT_ACCESS_ROLE } from '../aws/assume-role.js';
import type { CommandContext } from './context.js';
import { shellCommand } from './shell-quote.js';

/**
 * Pure: the global options that say where this command acted (--sandbox, --profile, --region, --endpoint-url,
 * --access-role), so that a follow-up command pasted in the same shell acts in the same place. Values the
 * environment already supplies (AWS_REGION, AWS_ENDPOINT_URL) are left to it.
 */
export function whereOptions({ options, env }: Pick<CommandContext, 'options' | 'env'>): string[] {
  const words: string[] = [];
  if (options.sandbox) words.push('--sandbox');
  if (options.profile) words.push('--profile', options.profile);
  if (options.region !== (env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1'))
    words.push('--region', options.region);
  if (options.endpointUrl && options.endpointUrl !== env.AWS_ENDPOINT_URL)
    words.push('--endpoint-url', options.endpointUrl);
  if (options.accessRole !== DEFAULT_ACCESS_ROLE) words.push('--access-role', options.accessRole);
  return words;
}

/**
 * Pure: another awsarch command to paste, acting where this one did: `awsarch --sandbox replay status NAME
 * --wait --account 'Shared Services'`. `words` are the command and its options, unquoted.
 */
export function followUpCommand(ctx: Pick<CommandContext, 'options' | 'env'>, words: readonly string[]): string {
  return shellCommand(['awsarch', ...whereOptions(ctx), ...words]);
}

/**
 * Pure: this very invocation again, shell-quoted, with `add` appended (e.g. --yes), for "run it again" hints;
 * `fallback` when the invocation is unknown (a command run from a test without argv).
 */
export function rerunCommand(
  ctx: Partial<Pick<CommandContext, 'invocation'>>,
  add: readonly string[],
  fallback: string,
): string {
  if (!ctx.invocation) return fallback;
  const words = ctx.invocation.filter((word) => !add.includes(word));
  return shellCommand(['awsarch', ...words, ...add]);
}
