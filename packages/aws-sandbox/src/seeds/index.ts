import { complianceSeed } from './compliance.js';
import { hybridSeed } from './hybrid.js';
import { networkSeed } from './network.js';
import type { SandboxSeed } from './seed.js';

/** Every seed `awsarch sandbox seed` knows; add one by adding it here. */
export const SANDBOX_SEEDS: readonly SandboxSeed[] = [hybridSeed, networkSeed, complianceSeed];
