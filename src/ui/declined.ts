import { ERR } from '../core/error-codes.js';

/** The command ended because the user answered "no" to a confirmation (exit 1, nothing changed): not an error. */
export function isDeclined(error: unknown): boolean {
  return ERR.CANCELLED.is(error) || ERR.DEPLOY_CANCELLED.is(error);
}
