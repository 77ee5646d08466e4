import type { OrgInitResult } from '../accounts/org-init.js';
import type { VendResult } from '../accounts/vend-model.js';
import { toDocument, type DocumentBody, type JsonDocument } from './document.js';

/** `org init`: ids only once they exist (a dry run on a fresh management account has none yet). */
export function orgInitDocument(result: OrgInitResult): JsonDocument<'org-init'> {
  const { organizationId, managementAccountId, ...rest } = result;
  return toDocument('org-init', {
    ...rest,
    organizationId: organizationId || undefined,
    managementAccountId: managementAccountId || undefined,
  });
}

/** One account's vending as documents give it: the error as code, message and hint (the exit code is the run's). */
function vendedAccount(result: VendResult): DocumentBody<'account-create'> {
  const { error, ...rest } = result;
  return { ...rest, error: error && { code: error.code, message: error.message, hint: error.hint } };
}

/** `account create`: one document for a single account (easy to read with jq), a batch for --from. */
export function vendDocument(
  results: readonly VendResult[],
  single: boolean,
): JsonDocument<'account-create'> | JsonDocument<'account-create-batch'> {
  return single
    ? toDocument('account-create', vendedAccount(results[0] as VendResult))
    : toDocument('account-create-batch', { accounts: results.map(vendedAccount) });
}
