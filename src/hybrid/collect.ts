import type { AwsClients } from '../aws/clients.js';
import type { Clock } from '../core/clock.js';
import { collectDirectConnect } from './collect-directconnect.js';
import { collectDns } from './collect-dns.js';
import { collectNetwork } from './collect-network.js';
import type { HybridSnapshot } from './snapshot.js';
import type { ReadOptions } from './tracked-reads.js';

export interface CollectRequest extends ReadOptions {
  /** Read in this member account (through the access role); undefined: the caller's account. */
  accountId?: string;
}

/**
 * Reads everything `hybrid status` looks at, in two sequential rounds of parallel calls (more only
 * when a listing has several pages): round 1 lists Direct Connect, VPN, transit gateway and Resolver
 * resources; round 2 reads what needs their ids (gateway associations, route table routes and
 * propagations, endpoint IP addresses and subnets). A member account adds one round (AssumeRole)
 * the first time it is read in a process.
 */
export async function collectHybridSnapshot(
  root: AwsClients,
  clock: Clock,
  request: CollectRequest = {},
): Promise<HybridSnapshot> {
  const aws = request.accountId ? root.forAccount(request.accountId) : root;
  const before = root.calls.snapshot();
  const started = clock.now();
  const warnings: string[] = [];
  const [directConnect, network, dns] = await Promise.all([
    collectDirectConnect(aws, request),
    collectNetwork(aws, request),
    collectDns(aws, request, warnings),
  ]);
  const after = root.calls.snapshot();
  const assumedRole = (after.byOperation['STS:AssumeRole'] ?? 0) > (before.byOperation['STS:AssumeRole'] ?? 0);
  return {
    collectedAt: new Date(clock.now()).toISOString(),
    region: aws.region,
    accountId: request.accountId,
    directConnect: directConnect.value,
    ...network.value,
    dns: dns.value,
    collection: {
      rounds: Math.max(directConnect.depth, network.depth, dns.depth) + (assumedRole ? 1 : 0),
      calls: after.total - before.total,
      durationMs: clock.now() - started,
      warnings,
    },
  };
}
