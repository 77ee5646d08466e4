import { cloneState, type StateStore } from '../state.js';
import { functionByArn, type FunctionRecord } from '../services/lambda/model.js';

/** How long a function's configuration is reused before it is read from the state again (deploys take effect quickly). */
const REREAD_AFTER_MS = 500;

/** Functions' configurations as the background work sees them: read from the state at most every 500 ms. */
export class FunctionConfigCache {
  private at = 0;
  private functions = new Map<string, FunctionRecord | undefined>();

  constructor(private readonly store: StateStore) {}

  /** The function's configuration (a copy), or undefined when it does not exist. */
  async get(arn: string): Promise<FunctionRecord | undefined> {
    const now = Date.now();
    if (now - this.at > REREAD_AFTER_MS) {
      this.at = now;
      this.functions = new Map();
    }
    if (!this.functions.has(arn)) {
      const fn = await this.store.transact(async (tx) => {
        const found = functionByArn(tx.state, arn);
        return found ? cloneState(found) : undefined;
      });
      this.functions.set(arn, fn);
    }
    return this.functions.get(arn);
  }
}
