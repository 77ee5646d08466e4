import { SandboxServiceError } from '../../errors.js';
import type { OperationHandler } from '../../types.js';
import { filtersFrom, matchesFilters, stringList } from './filters.js';

/** How many zones the sandbox gives a region (AWS's counts for the big ones, three elsewhere). */
const ZONE_COUNTS: Record<string, number> = { 'us-east-1': 6, 'us-west-2': 4, 'ap-northeast-1': 3, 'eu-west-1': 3 };
const DIRECTIONS: Record<string, string> = {
  east: 'e',
  west: 'w',
  central: 'c',
  north: 'n',
  south: 's',
  northeast: 'ne',
  southeast: 'se',
  northwest: 'nw',
  southwest: 'sw',
};

export interface AvailabilityZone {
  zoneName: string;
  zoneId: string;
  regionName: string;
}

/** The region's availability zones: us-east-1a (use1-az1), us-east-1b (use1-az2), ... */
export function availabilityZones(region: string): AvailabilityZone[] {
  const parts = region.split('-');
  const prefix = `${parts[0]}${parts
    .slice(1, -1)
    .map((part) => DIRECTIONS[part] ?? part.slice(0, 1))
    .join('')}${parts[parts.length - 1]}`;
  const count = ZONE_COUNTS[region] ?? 3;
  return Array.from({ length: count }, (_, i) => ({
    zoneName: `${region}${String.fromCharCode(97 + i)}`,
    zoneId: `${prefix}-az${i + 1}`,
    regionName: region,
  }));
}

/** The zone named by name or id in the region, or EC2's error listing the valid ones. */
export function resolveZone(
  region: string,
  zoneName: string | undefined,
  zoneId: string | undefined,
): AvailabilityZone {
  const zones = availabilityZones(region);
  if (zoneName === undefined && zoneId === undefined) return zones[0] as AvailabilityZone;
  const zone = zones.find((candidate) => candidate.zoneName === zoneName || candidate.zoneId === zoneId);
  if (!zone) {
    const parameter = zoneName !== undefined ? 'availabilityZone' : 'availabilityZoneId';
    throw new SandboxServiceError(
      'InvalidParameterValue',
      `Value (${zoneName ?? zoneId}) for parameter ${parameter} is invalid. Subnets can currently only be created in the following availability zones: ${zones.map((candidate) => candidate.zoneName).join(', ')}.`,
    );
  }
  return zone;
}

const describeAvailabilityZones: OperationHandler = (input, ctx) => {
  const names = stringList(input, 'ZoneName');
  const ids = stringList(input, 'ZoneId');
  const zones = availabilityZones(ctx.region);
  for (const name of [...names, ...ids]) {
    if (!zones.some((zone) => zone.zoneName === name || zone.zoneId === name)) {
      throw new SandboxServiceError('InvalidParameterValue', `The zone '${name}' does not exist.`);
    }
  }
  const filters = filtersFrom(input);
  const matching = zones.filter(
    (zone) =>
      (names.length === 0 || names.includes(zone.zoneName)) &&
      (ids.length === 0 || ids.includes(zone.zoneId)) &&
      matchesFilters(filters, {
        'zone-name': zone.zoneName,
        'zone-id': zone.zoneId,
        'region-name': zone.regionName,
        state: 'available',
        'zone-type': 'availability-zone',
        'group-name': zone.regionName,
      }),
  );
  return {
    availabilityZoneInfo: matching.map((zone) => ({
      zoneName: zone.zoneName,
      zoneId: zone.zoneId,
      regionName: zone.regionName,
      zoneState: 'available',
      optInStatus: 'opt-in-not-required',
      groupName: zone.regionName,
      networkBorderGroup: zone.regionName,
      zoneType: 'availability-zone',
      messageSet: [],
    })),
  };
};

export const availabilityZoneOperations: Record<string, OperationHandler> = {
  DescribeAvailabilityZones: describeAvailabilityZones,
};
