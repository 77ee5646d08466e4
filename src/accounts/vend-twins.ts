import {
  DescribeAccountCommand,
  paginateListAccounts,
  paginateListCreateAccountStatus,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { toAwsarchError } from '../aws/aws-errors.js';
import { collectPages } from '../aws/paginate.js';
import type { CommandContext } from '../core/context.js';
import { ERR } from '../core/error-codes.js';
import { usageError } from '../core/errors.js';
import type { VendRequest } from './vend-request.js';
import type { VendTiming } from './vend-model.js';
import { waitForAccountCreation } from './wait-for-account.js';

/** Where progress shows (a vending task). */
interface Progress {
  update(text: string): void;
}

/** An account this vending run can take as its own: created by it, by an earlier run, or by a racing twin. */
export interface FoundAccount {
  accountId: string;
  requestId?: string;
}

const sameEmail = (a: string | undefined, b: string) => (a ?? '').toLowerCase() === b.toLowerCase();

/**
 * Waits for the given creation requests (for an account of the requested name, newest first) and
 * returns the one whose account has the requested e-mail. A CreateAccountStatus carries the account's
 * name but not its e-mail, and names need not be unique; so a request is matched by name while in
 * flight, and by e-mail (DescribeAccount of the account it created) once it has succeeded.
 */
export async function resolveInFlight(
  ctx: Pick<CommandContext, 'clock' | 'signal'>,
  orgs: OrganizationsClient,
  request: Pick<VendRequest, 'name' | 'email'>,
  requestIds: readonly string[],
  timing: VendTiming,
  task: Progress,
): Promise<FoundAccount | undefined> {
  for (const requestId of requestIds) {
    task.update(`waiting for request ${requestId} (an account named "${request.name}") to learn its e-mail`);
    let accountId: string | undefined;
    try {
      accountId = (await waitForAccountCreation(ctx, orgs, { requestId, accountName: request.name, timing, task }))
        .AccountId;
    } catch (error) {
      // A request that failed created nothing: it is not the account sought.
      if (ERR.ACCOUNT_CREATE_FAILED.is(error)) continue;
      throw error;
    }
    if (!accountId) continue;
    try {
      const { Account } = await orgs.send(new DescribeAccountCommand({ AccountId: accountId }));
      if (sameEmail(Account?.Email, request.email)) return { accountId, requestId };
    } catch (error) {
      throw toAwsarchError(error, `Reading account ${accountId}`);
    }
  }
  return undefined;
}

/** Creation requests still IN_PROGRESS for an account of this name, newest first. */
export async function inFlightFor(orgs: OrganizationsClient, name: string): Promise<string[]> {
  try {
    const statuses = await collectPages(
      paginateListCreateAccountStatus({ client: orgs }, { States: ['IN_PROGRESS'] }),
      (page) => page.CreateAccountStatuses,
    );
    return statuses
      .filter((status) => status.AccountName === name)
      .sort((a, b) => (b.RequestedTimestamp?.getTime() ?? 0) - (a.RequestedTimestamp?.getTime() ?? 0))
      .map((status) => status.Id ?? '');
  } catch (error) {
    throw toAwsarchError(error, 'Listing account creation requests');
  }
}

/**
 * After this run's CreateAccount FAILED with EMAIL_ALREADY_EXISTS: if the e-mail now belongs to an
 * account of the requested name in the organization (or to one still being created under that name),
 * a concurrent run asked for the same account and won; that account is the result. Undefined when no
 * such account exists (the e-mail belongs to an account outside the organization); an account of
 * another name with the e-mail is bad input, as it would have been before creating.
 */
export async function findTwin(
  ctx: Pick<CommandContext, 'clock' | 'signal'>,
  orgs: OrganizationsClient,
  request: Pick<VendRequest, 'name' | 'email'>,
  timing: VendTiming,
  task: Progress,
): Promise<FoundAccount | undefined> {
  task.update('the e-mail is taken: looking for the account a concurrent run created');
  // The requests in flight first, then the accounts: a request that succeeds between the two reads shows up in
  // the second. The other order misses it (not yet an account, no longer in progress) and a run that
  // converges would fail with EMAIL_ALREADY_EXISTS.
  const inFlight = await inFlightFor(orgs, request.name);
  let accounts;
  try {
    accounts = await collectPages(paginateListAccounts({ client: orgs }, {}), (page) => page.Accounts);
  } catch (error) {
    throw toAwsarchError(error, 'Listing accounts');
  }
  const owner = accounts.find((account) => sameEmail(account.Email, request.email));
  if (owner?.Id) {
    if (owner.Name !== request.name)
      throw usageError(
        ERR.EMAIL_IN_USE,
        `e-mail ${request.email} belongs to account ${owner.Id} named "${owner.Name}", not "${request.name}"`,
        `use --name "${owner.Name}" to resume vending that account, or choose another e-mail`,
      );
    return { accountId: owner.Id };
  }
  return resolveInFlight(ctx, orgs, request, inFlight, timing, task);
}
