import { DirectConnectClient } from '@aws-sdk/client-direct-connect';
import { EC2Client } from '@aws-sdk/client-ec2';
import { Route53ResolverClient } from '@aws-sdk/client-route53resolver';
import { applyHybridFaultToStateDir } from '../../src/sandbox/hybrid-faults.js';
import { StateStore, type SandboxState } from '../../src/sandbox/state.js';
import { SANDBOX_MANAGEMENT_ACCOUNT_ID } from '../../src/sandbox/management-account.js';
import { applySeed } from '../../src/sandbox/seeds/apply-seed.js';
import type { SandboxOptions } from '../../src/sandbox/options.js';
import { clientConfig, startTestSandbox, temporaryStateDir } from '../sandbox/helpers.js';

/** A test clock: starts at a fixed time and moves only when told. */
export function manualClock(start = Date.UTC(2026, 10, 24, 10, 0, 0)) {
  let now = start;
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

/** A sandbox with the `hybrid` seed applied, its SDK clients, and helpers to change its state. */
export async function seededHybridSandbox(options: Partial<SandboxOptions> = {}) {
  const stateDir = options.stateDir ?? (await temporaryStateDir());
  const sandbox = await startTestSandbox({ ...options, stateDir });
  const now = options.now ?? Date.now;
  const seed = await applySeed(stateDir, 'hybrid', 'us-east-1', now());
  const config = clientConfig(sandbox, {});
  return {
    sandbox,
    stateDir,
    seed,
    dx: new DirectConnectClient(config),
    ec2: new EC2Client(config),
    resolver: new Route53ResolverClient(config),
    fault: (name: string, target?: string) =>
      applyHybridFaultToStateDir(stateDir, { name, target, region: 'us-east-1', now: now() }),
    /** Changes the state directly (for what neither the seed nor a fault sets up). */
    edit: async (change: (state: SandboxState) => void) => {
      const store = new StateStore(stateDir, SANDBOX_MANAGEMENT_ACCOUNT_ID);
      await store.open();
      await store.transact(async (tx) => {
        change(tx.state);
        await tx.persist();
      });
    },
  };
}
