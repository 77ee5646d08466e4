import { SANDBOX_MANAGEMENT_ACCOUNT_ID } from '../management-account.js';
import { StateStore } from '../state.js';
import { SANDBOX_SEEDS } from './index.js';
import type { SeedSummary } from './seed.js';

export class UnknownSeedError extends Error {}

/** Applies a named seed to the state in stateDir in one locked transaction. */
export async function applySeed(
  stateDir: string,
  name: string,
  region: string,
  now = Date.now(),
): Promise<SeedSummary> {
  const seed = SANDBOX_SEEDS.find((candidate) => candidate.name === name);
  if (!seed)
    throw new UnknownSeedError(
      `unknown seed "${name}"; known seeds: ${SANDBOX_SEEDS.map((candidate) => candidate.name).join(', ') || '(none)'}`,
    );
  const store = new StateStore(stateDir, SANDBOX_MANAGEMENT_ACCOUNT_ID);
  await store.open();
  return store.transact(async (tx) => {
    const summary = seed.apply(tx.state, { region, now });
    if (summary.created.length > 0) await tx.persist();
    return summary;
  });
}
