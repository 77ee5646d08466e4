import type { CommandContext } from './context.js';
import { AwsarchError } from './errors.js';
import { rerunCommand } from './rerun-hint.js';
import { ERR } from './error-codes.js';
import { MSG } from './message-codes.js';

/**
 * What a confirmation confirms: the question, and the changes it would make, one line each (indented lines
 * belong to the line above). Shown before the question on a terminal and in the refusal without one, so
 * nobody answers (or passes --yes to) a question whose consequences they cannot see.
 */
export interface ChangeConfirmation {
  /** e.g. "Apply 2 change(s) to the SCPs of organization o-abc?" (the [y/N] is the host's). */
  question: string;
  /** e.g. "update SCP RequireRegions", "  attached to Workloads (5 accounts)". */
  changes: readonly string[];
}

/**
 * Asks before changing anything, showing what will change. --yes answers yes; without a terminal it
 * refuses (exit 2) with the same list and says to re-run with --yes; a "no" is ERR.CANCELLED (exit 1),
 * nothing changed. The default answer is always no. Any command that plans, then applies, asks this way.
 */
export async function confirmChanges(
  ctx: Pick<CommandContext, 'io' | 'options'> & Partial<Pick<CommandContext, 'invocation'>>,
  confirmation: ChangeConfirmation,
): Promise<void> {
  if (ctx.options.yes) return;
  const { question, changes } = confirmation;
  const list = changes.map((line) => `  ${line}`).join('\n');
  if (!ctx.io.interactive) {
    throw new AwsarchError(
      ERR.CONFIRMATION_REQUIRED,
      `nothing was changed: there is no terminal to answer "${question}"` +
        (changes.length > 0 ? `. It would change:\n${list}` : ''),
      {
        outcome: 'bad-input',
        hint: `confirm with: ${rerunCommand(ctx, ['--yes'], 'the same command with --yes (or AWSARCH_YES=1)')}`,
        details: { question, changes: [...changes] },
      },
    );
  }
  if (changes.length > 0)
    ctx.io.info(MSG.CONFIRM_CHANGES, `${question.replace(/\?$/, '')}:\n${list}`, {
      question,
      changes: [...changes],
    });
  if (!(await ctx.io.confirm(question))) {
    throw new AwsarchError(ERR.CANCELLED, 'cancelled; nothing was changed', { details: { question } });
  }
}
