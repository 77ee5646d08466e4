import { ListCreateAccountStatusCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import type { CommandContext } from '../core/context.js';
import { MSG } from '../core/message-codes.js';
import { typicalCreationMs } from './vend-progress.js';

/** Pages of SUCCEEDED creation requests read for the estimate (20 each): enough for a median, cheap in any organization. */
const HISTORY_PAGES = 3;

/**
 * How long AWS took to create this organization's recent accounts (median, ms), for the ETA of the creation
 * wait; undefined when the organization has no finished creation to go by or the history cannot be read (the
 * ETA is then unknown until this run measures one; vending itself does not depend on it).
 */
export async function readTypicalCreationMs(ctx: CommandContext): Promise<number | undefined> {
  const orgs = ctx.aws.client(OrganizationsClient);
  const statuses: Array<{ state?: string; requestedAt?: number; completedAt?: number }> = [];
  try {
    let token: string | undefined;
    for (let page = 0; page < HISTORY_PAGES; page++) {
      const response = await orgs.send(new ListCreateAccountStatusCommand({ States: ['SUCCEEDED'], NextToken: token }));
      for (const status of response.CreateAccountStatuses ?? [])
        statuses.push({
          state: status.State,
          requestedAt: status.RequestedTimestamp?.getTime(),
          completedAt: status.CompletedTimestamp?.getTime(),
        });
      token = response.NextToken;
      if (!token) break;
    }
  } catch (error) {
    ctx.io.debug(
      MSG.VEND_HISTORY_UNREADABLE,
      `no ETA for the creation wait: the organization's creation history could not be read (${error instanceof Error ? error.message : String(error)})`,
    );
    return undefined;
  }
  return typicalCreationMs(statuses);
}
