import type { ProtocolResponse } from './types.js';

/**
 * A handler's answer that is produced after the state transaction, without holding the state lock:
 * for services whose data lives in an engine of their own (DynamoDB on dynalite). The handler has
 * already authorized the request inside the transaction; respond() forwards it and returns the
 * engine's response as it is. Such a request does not write state.json.
 */
export class DeferredResponse {
  constructor(readonly respond: () => Promise<ProtocolResponse>) {}
}
