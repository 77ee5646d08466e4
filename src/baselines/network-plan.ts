import { cidrsOverlap, formatCidr, parseCidrBlock, subnetAt, subnetCount, type Cidr } from '../core/cidr.js';
import type { PlannedChange, StepPlan } from './model.js';

/** Tags that mark what the network step placed, and record the CIDR allocation on the VPC itself. */
export const NETWORK_TAGS = {
  pool: 'awsarch:cidr-pool',
  cidr: 'awsarch:cidr',
  baseline: 'awsarch:baseline',
  subnet: 'awsarch:subnet',
} as const;

export interface NetworkCurrent {
  /** The VPC this baseline placed (tagged with the pool), if any. */
  vpc?: { id: string; cidr: string; tags: Record<string, string> };
  /** Every subnet of that VPC; `baseline` marks the private subnets the step created. */
  subnets: Array<{ id: string; zone: string; cidr: string; baseline: boolean }>;
  /** The VPC's attachment to the shared transit gateway (not deleted), if any. */
  attachment?: { id: string; state: string; subnetIds: string[] };
  /** Availability zones offered to the account in the home region, by name. */
  zones: string[];
  /** Other VPCs from the pool (a racing twin or a retried CreateVpc made them): to delete. */
  duplicates?: DuplicateVpc[];
}

/** A VPC of the pool besides the one the baseline keeps, with what would have to go with it. */
export interface DuplicateVpc {
  id: string;
  cidr: string;
  tags: Record<string, string>;
  subnets: Array<{ id: string; baseline: boolean }>;
  /** Its attachments (not deleted) to any transit gateway. */
  attachments: Array<{ id: string; state: string; transitGatewayId?: string }>;
}

/** A VPC of the pool as read, with what decides which one the baseline keeps. */
export interface PoolVpc {
  id: string;
  tags: Record<string, string>;
  /** State of its attachment to the shared transit gateway, if any (not deleted). */
  attachmentState?: string;
  baselineSubnets: number;
}

export interface NetworkDesired {
  vpcName: string;
  baselineName: string;
  pool: string;
  /** The VPC's CIDR: its current one, or the one allocated for it; undefined when not allocated (status). */
  cidr?: string;
  subnetPrefixLength: number;
  zones: string[];
  transitGatewayId: string;
  transitGatewayOwner: string;
  /** Whether the owner must accept the attachment (cross-account, auto-accept disabled). */
  needsAcceptance: boolean;
}

export type NetworkChange =
  | (PlannedChange & { action: 'create-vpc'; cidr?: string })
  | (PlannedChange & { action: 'tag-vpc'; tags: Record<string, string> })
  | (PlannedChange & { action: 'create-subnet'; zone: string; cidr: string })
  | (PlannedChange & { action: 'create-attachment'; zones: string[] })
  | (PlannedChange & { action: 'accept-attachment' })
  | (PlannedChange & { action: 'modify-attachment'; addZones: string[] })
  | (PlannedChange & { action: 'delete-duplicate-vpc'; vpc: DuplicateVpc });

/** Attachments in these states are gone (or going) and are replaced by a new one. */
const GONE = new Set(['deleted', 'deleting', 'rejected', 'rejecting', 'failed', 'failing']);

export function vpcTags(
  desired: Pick<NetworkDesired, 'vpcName' | 'baselineName' | 'pool'>,
  cidr: string,
): Record<string, string> {
  return {
    Name: desired.vpcName,
    [NETWORK_TAGS.baseline]: desired.baselineName,
    [NETWORK_TAGS.pool]: desired.pool,
    [NETWORK_TAGS.cidr]: cidr,
  };
}

/**
 * Pure: the subnet block for a zone. The zone's own slot (its position in the zone list) when free,
 * else the first block of the VPC that overlaps no existing subnet.
 */
export function subnetCidrFor(
  vpcCidr: string,
  prefixLength: number,
  slot: number,
  taken: readonly string[],
): string | undefined {
  const vpc = parseCidrBlock(vpcCidr);
  if (!vpc) return undefined;
  const used = taken.map((cidr) => parseCidrBlock(cidr)).filter((block): block is Cidr => block !== undefined);
  const free = (block: Cidr | undefined) =>
    block !== undefined && !used.some((existing) => cidrsOverlap(existing, block));
  const preferred = subnetAt(vpc, prefixLength, slot);
  if (free(preferred)) return formatCidr(preferred as Cidr);
  for (let index = 0; index < subnetCount(vpc, prefixLength); index++) {
    const candidate = subnetAt(vpc, prefixLength, index);
    if (free(candidate)) return formatCidr(candidate as Cidr);
  }
  return undefined;
}

function attachmentChanges(current: NetworkCurrent, desired: NetworkDesired, differences: string[]): NetworkChange[] {
  const accept: NetworkChange = {
    action: 'accept-attachment',
    description: `accept the attachment as ${desired.transitGatewayOwner}`,
  };
  const attachment = current.attachment;
  if (!attachment || GONE.has(attachment.state)) {
    differences.push(
      `not attached to ${desired.transitGatewayId}${attachment ? ` (attachment ${attachment.id} is ${attachment.state})` : ''}`,
    );
    return [
      {
        action: 'create-attachment',
        zones: desired.zones,
        description: `attach the VPC to ${desired.transitGatewayId} in ${desired.zones.join(', ')}`,
      },
      ...(desired.needsAcceptance ? [accept] : []),
    ];
  }
  if (attachment.state === 'pendingAcceptance') {
    differences.push(`attachment ${attachment.id} awaits acceptance by ${desired.transitGatewayOwner}`);
    return [accept];
  }
  if (attachment.state !== 'available') {
    differences.push(`attachment ${attachment.id} is ${attachment.state}`);
    return [];
  }
  const zoneOf = new Map(current.subnets.map((subnet) => [subnet.id, subnet.zone]));
  const attachedZones = new Set(attachment.subnetIds.map((id) => zoneOf.get(id)));
  const addZones = desired.zones.filter((zone) => !attachedZones.has(zone));
  if (addZones.length === 0) return [];
  differences.push(`attachment ${attachment.id} has no subnet in ${addZones.join(', ')}`);
  return [
    {
      action: 'modify-attachment',
      addZones,
      description: `add the subnets in ${addZones.join(', ')} to attachment ${attachment.id}`,
    },
  ];
}

/**
 * Pure: which of several VPCs of the pool the baseline keeps: the one in use on the shared transit
 * gateway (available first), then the one named as the baseline names it, then the one with more of the
 * baseline's subnets, then the lowest id, so that every run (status or apply) picks the same one.
 */
export function keptVpc<V extends PoolVpc>(candidates: readonly V[], vpcName: string): V | undefined {
  const attachmentRank = (vpc: PoolVpc) =>
    vpc.attachmentState === 'available' ? 0 : vpc.attachmentState && !GONE.has(vpc.attachmentState) ? 1 : 2;
  return [...candidates].sort(
    (a, b) =>
      attachmentRank(a) - attachmentRank(b) ||
      Number(b.tags.Name === vpcName) - Number(a.tags.Name === vpcName) ||
      b.baselineSubnets - a.baselineSubnets ||
      a.id.localeCompare(b.id),
  )[0];
}

/**
 * Pure: a duplicate is deleted only when it is provably the baseline's own: tagged by this baseline
 * and this pool, and holding no subnet the baseline did not create (nothing else runs in it).
 */
export function isOwnDuplicate(vpc: DuplicateVpc, desired: Pick<NetworkDesired, 'baselineName' | 'pool'>): boolean {
  return (
    vpc.tags[NETWORK_TAGS.baseline] === desired.baselineName &&
    vpc.tags[NETWORK_TAGS.pool] === desired.pool &&
    vpc.subnets.every((subnet) => subnet.baseline)
  );
}

function duplicateChanges(
  current: NetworkCurrent,
  desired: NetworkDesired,
  keeper: string,
): {
  differences: string[];
  changes: NetworkChange[];
} {
  const differences: string[] = [];
  const changes: NetworkChange[] = [];
  for (const vpc of current.duplicates ?? []) {
    const parts = [
      vpc.attachments.length ? `attachment ${vpc.attachments.map((attachment) => attachment.id).join(', ')}` : '',
      vpc.subnets.length ? `${vpc.subnets.length} subnet(s)` : '',
    ].filter(Boolean);
    const own = isOwnDuplicate(vpc, desired);
    differences.push(
      `duplicate VPC ${vpc.id} (${vpc.cidr}) from ${desired.pool} besides ${keeper}: delete it${own ? '' : ' by hand'}${parts.length ? ` with its ${parts.join(' and ')}` : ''}${own ? '' : " (it is not provably this baseline's own: other tags or subnets)"}`,
    );
    if (own)
      changes.push({
        action: 'delete-duplicate-vpc',
        vpc,
        description: `delete duplicate VPC ${vpc.id} (${vpc.cidr})${parts.length ? `, its ${parts.join(' and ')}` : ''}`,
      });
  }
  return { differences, changes };
}

/** Pure: a tagged VPC from the pool, a private subnet per zone, an accepted attachment to the transit gateway using them. */
export function planNetwork(current: NetworkCurrent, desired: NetworkDesired): StepPlan<NetworkChange> {
  const plan = planBaselineVpc(current, desired);
  if (!current.vpc || !current.duplicates?.length) return plan;
  const duplicates = duplicateChanges(current, desired, current.vpc.id);
  const differences = [...plan.differences, ...duplicates.differences];
  return {
    state: 'drift',
    summary: differences.join('; '),
    differences,
    changes: [...plan.changes, ...duplicates.changes],
  };
}

function planBaselineVpc(current: NetworkCurrent, desired: NetworkDesired): StepPlan<NetworkChange> {
  const differences: string[] = [];
  const vpc = current.vpc;
  if (!vpc) {
    const cidr = desired.cidr;
    const changes: NetworkChange[] = [
      {
        action: 'create-vpc',
        cidr,
        description: `create VPC ${desired.vpcName} with ${cidr ?? `a CIDR allocated from ${desired.pool}`}`,
      },
      ...desired.zones.map((zone, slot): NetworkChange => {
        const subnet = cidr ? subnetCidrFor(cidr, desired.subnetPrefixLength, slot, []) : undefined;
        return {
          action: 'create-subnet',
          zone,
          cidr: subnet ?? '',
          description: `create private subnet ${subnet ?? `/${desired.subnetPrefixLength}`} in ${zone}`,
        };
      }),
      ...attachmentChanges(current, desired, []),
    ];
    return {
      state: 'missing',
      summary: `no VPC from ${desired.pool}`,
      differences: [`no VPC ${desired.vpcName} from ${desired.pool}`],
      changes,
    };
  }
  const changes: NetworkChange[] = [];
  const expectedTags = vpcTags(desired, vpc.cidr);
  const wrongTags = Object.fromEntries(Object.entries(expectedTags).filter(([key, value]) => vpc.tags[key] !== value));
  if (Object.keys(wrongTags).length > 0) {
    differences.push(
      `VPC ${vpc.id} lacks tags ${Object.entries(wrongTags)
        .map(([key, value]) => `${key}=${value}`)
        .join(', ')}`,
    );
    changes.push({ action: 'tag-vpc', tags: wrongTags, description: `record the allocation on VPC ${vpc.id}'s tags` });
  }
  const taken = current.subnets.map((subnet) => subnet.cidr);
  desired.zones.forEach((zone, slot) => {
    if (current.subnets.some((subnet) => subnet.baseline && subnet.zone === zone)) return;
    const cidr = subnetCidrFor(vpc.cidr, desired.subnetPrefixLength, slot, taken);
    if (!cidr) {
      differences.push(`no free /${desired.subnetPrefixLength} left in VPC ${vpc.id} for a subnet in ${zone}`);
      return;
    }
    taken.push(cidr);
    differences.push(`no private subnet in ${zone}`);
    changes.push({ action: 'create-subnet', zone, cidr, description: `create private subnet ${cidr} in ${zone}` });
  });
  changes.push(...attachmentChanges(current, desired, differences));
  if (differences.length === 0)
    return { state: 'ok', summary: `${vpc.cidr} on ${desired.transitGatewayId}`, differences: [], changes: [] };
  return { state: 'drift', summary: differences.join('; '), differences, changes };
}
