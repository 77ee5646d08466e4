import type { CloseResult } from '../../accounts/close-account.js';
import type { MoveResult } from '../../accounts/move-account.js';
import { accountCloseDocument, accountMoveDocument } from '../../documents/landing-zone.js';
import type { CommandResult } from '../io-host.js';

/** `account move`: where it went, and the SCPs it stopped and started inheriting. */
export function moveView(result: MoveResult): CommandResult {
  const verb =
    result.status === 'unchanged'
      ? `${result.name} (${result.accountId}) is already in ${result.to}`
      : `${result.status === 'planned' ? 'would move' : 'moved'} ${result.name} (${result.accountId}) from ${result.from} to ${result.to}`;
  const lines = [verb];
  if (result.scps.lost.length) lines.push(`no longer under: ${result.scps.lost.join(', ')}`);
  if (result.scps.gained.length) lines.push(`now also under: ${result.scps.gained.join(', ')}`);
  return { data: accountMoveDocument(result), human: [{ kind: 'text', lines }] };
}

/** `account close`: the account's state, and how much of AWS's closing quota is left. */
export function closeView(result: CloseResult): CommandResult {
  const what = {
    planned: `would close ${result.name} (${result.accountId}, ${result.email}) in ${result.ou}`,
    closing: `${result.name} (${result.accountId}) is PENDING_CLOSURE: AWS closes it within minutes`,
    closed: `${result.name} (${result.accountId}) is SUSPENDED: closed; AWS deletes it after 90 days`,
    'already-closed': `${result.name} (${result.accountId}) was already closed (SUSPENDED)`,
  }[result.status];
  const remaining = Math.max(
    0,
    result.budget.remaining - (result.status === 'closing' || result.status === 'closed' ? 1 : 0),
  );
  return {
    data: accountCloseDocument(result),
    human: [
      {
        kind: 'text',
        lines: [
          what,
          `closing quota: at most ${remaining} more in 30 days (AWS allows ${result.budget.quota}; 3 at a time)`,
        ],
      },
    ],
  };
}
