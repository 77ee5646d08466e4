import { regionStateOf, type TransitGateway } from '../services/ec2/model.js';
import { newTransitGateway } from '../services/ec2/transit-gateways.js';
import type { SandboxState } from '../state.js';
import type { SeedEnvironment } from './seed.js';

export const SHARED_TRANSIT_GATEWAY_NAME = 'awsarch-shared-tgw';
export const NETWORK_ACCOUNT_NAME = 'Shared Services';

interface OrganizationsAccounts {
  accounts?: Record<string, { Id: string; Name: string }>;
}

/** The account that owns shared networking: "Shared Services" when the organization has it, else the management account. */
export function networkAccountId(state: SandboxState): string {
  const organizations = state.services.organizations as OrganizationsAccounts | undefined;
  const account = Object.values(organizations?.accounts ?? {}).find(
    (candidate) => candidate.Name === NETWORK_ACCOUNT_NAME,
  );
  return account?.Id ?? state.managementAccountId;
}

/**
 * The transit gateway every seed shares (tagged Name=awsarch-shared-tgw in the network account),
 * created on first use so the baseline and hybrid seeds build on one gateway.
 */
export function ensureSharedTransitGateway(
  state: SandboxState,
  env: SeedEnvironment,
): { transitGateway: TransitGateway; created: boolean } {
  const ownerId = networkAccountId(state);
  const region = regionStateOf(state, ownerId, env.region);
  const existing = Object.values(region.transitGateways).find(
    (transitGateway) =>
      transitGateway.state === 'available' &&
      transitGateway.tags.some((tag) => tag.key === 'Name' && tag.value === SHARED_TRANSIT_GATEWAY_NAME),
  );
  if (existing) return { transitGateway: existing, created: false };
  const transitGateway = newTransitGateway(
    { state },
    { accountId: ownerId, region: env.region, regionState: region, now: env.now },
    {
      description: 'Shared transit gateway of the landing zone',
      amazonSideAsn: 64512,
      autoAcceptSharedAttachments: 'disable',
      tags: [{ key: 'Name', value: SHARED_TRANSIT_GATEWAY_NAME }],
    },
  );
  return { transitGateway, created: true };
}
