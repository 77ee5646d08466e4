import type { AwsClients } from '../aws/clients.js';
import type { Clock } from '../core/clock.js';
import { collectAccountDns } from './collect-account-dns.js';
import { collectDirectConnect } from './collect-directconnect.js';
import { collectDirectories } from './collect-directories.js';
import { collectDns } from './collect-dns.js';
import { collectNetwork } from './collect-network.js';
import { collectStorageGateway } from './collect-storage-gateway.js';
import type { AccountDnsSnapshot, HybridSnapshot } from './snapshot.js';
import type { ReadOptions, ReadProblems, Tracked } from './tracked-reads.js';

export interface CollectRequest extends ReadOptions {
  /** Read in this member account (through the access role); undefined: the caller's account. */
  accountId?: string;
  /**
   * DNS in every account: 'read' it (the default), 'skip' it (--no-account-dns, or only the path is
   * wanted), or reuse an earlier read (--watch re-reads it only every few minutes).
   */
  accountDns?: 'read' | 'skip' | { reuse: AccountDnsSnapshot | undefined };
}

/**
 * Reads everything `hybrid status` looks at in at most three sequential rounds of parallel calls
 * (more only when a listing has several pages): round 1 lists Direct Connect, VPN, transit gateway,
 * VPC, Resolver, Storage Gateway and Directory Service resources and the organization's accounts;
 * round 2 reads what needs their ids (gateway associations, route table routes and propagations,
 * endpoint IP addresses and subnets, each storage gateway and file share) and assumes the access
 * role in the member accounts; round 3 reads DNS in each member account. A network account other than
 * the caller's adds one round (AssumeRole) the first time it is read in a process.
 */
export async function collectHybridSnapshot(
  root: AwsClients,
  clock: Clock,
  request: CollectRequest = {},
): Promise<HybridSnapshot> {
  const aws = request.accountId ? root.forAccount(request.accountId) : root;
  // Reading the network account waits for AssumeRole only the first time in a process.
  const assumesRole = request.accountId !== undefined && !aws.roleAssumed;
  const before = root.calls.snapshot();
  const started = clock.now();
  const problems: ReadProblems = { warnings: [], unavailableServices: [] };
  const mode = request.accountDns ?? 'read';
  const accountDns: Promise<Tracked<AccountDnsSnapshot | undefined>> =
    mode === 'read'
      ? collectAccountDns(root, problems)
      : Promise.resolve({ depth: 0, value: mode === 'skip' ? undefined : mode.reuse });
  const [directConnect, network, dns, storageGateway, directories, accounts] = await Promise.all([
    collectDirectConnect(aws, request),
    collectNetwork(aws, request),
    collectDns(aws, request, problems),
    collectStorageGateway(aws, request, problems),
    collectDirectories(aws, request, problems),
    accountDns,
  ]);
  const after = root.calls.snapshot();
  return {
    collectedAt: new Date(clock.now()).toISOString(),
    region: aws.region,
    accountId: request.accountId,
    directConnect: directConnect.value,
    ...network.value,
    dns: dns.value,
    storageGateway: storageGateway.value,
    directories: directories.value,
    accountDns: accounts.value,
    unavailableServices: problems.unavailableServices,
    collection: {
      // The network account's AssumeRole delays its reads; the member accounts' own are in their depth.
      rounds: Math.max(
        Math.max(directConnect.depth, network.depth, dns.depth, storageGateway.depth, directories.depth) +
          (assumesRole ? 1 : 0),
        accounts.depth,
      ),
      calls: after.total - before.total,
      durationMs: clock.now() - started,
      warnings: problems.warnings,
    },
  };
}
