import type { AwsClients } from '../aws/clients.js';
import { isThrottlingError } from '../aws/scheduler/sdk-middleware.js';

/** What every reader of `compliance` needs: the caller's clients (the scheduler paces them), where to read, what is selected. */
export interface ReadScope {
  aws: AwsClients;
  homeRegion: string;
  managementAccountId: string;
  /** The selected accounts; readers filter on them where the API can. */
  accountIds: string[];
  /** --all: every account is selected, so no account filter is sent. */
  all: boolean;
}

/** Clients acting in an account: the caller's own for the management account, else through the member role. */
export function clientsIn(scope: ReadScope, accountId: string): AwsClients {
  return accountId === scope.managementAccountId ? scope.aws : scope.aws.forAccount(accountId);
}

/** The fix for an administrator account that could not be read: still throttled after backing off, or not reachable. */
export function reachFix(accountId: string, error?: unknown): string {
  if (error !== undefined && isThrottlingError(error))
    return 'AWS kept throttling after repeated backoff (Security Hub allows GetFindings about 3 times a second): run again later, or with a lower --max-concurrency';
  return `awsarch reaches ${accountId} through its member role: check that the role exists and trusts the management account (--access-role names another role)`;
}
