import { blockContains, parseCidr, sameBlock, type CidrBlock } from './cidr-blocks.js';
import { SandboxServiceError } from '../../errors.js';
import type { HandlerContext, OperationHandler, OperationInput } from '../../types.js';
import { filtersFrom, matchesFilters, stringList, type Ec2Filter } from './filters.js';
import {
  regionState,
  type Ec2RegionState,
  type TransitGatewayAttachment,
  type TransitGatewayRouteTable,
} from './model.js';
import { ec2Page } from './pages.js';
import { installedRoutes, routeSortKey, type InstalledRoute } from './route-derivation.js';
import { tagSet } from './tags.js';
import { findTransitGateway } from './transit-gateways.js';

function routeTableNotFound(id: string): SandboxServiceError {
  return new SandboxServiceError('InvalidRouteTableID.NotFound', `The routeTable ID '${id}' does not exist`);
}

/** A route table the caller owns (route tables are visible only in the transit gateway owner's account). */
function ownedRouteTable(
  input: OperationInput,
  ctx: HandlerContext,
): { table: TransitGatewayRouteTable; owner: Ec2RegionState } {
  const id = input.TransitGatewayRouteTableId === undefined ? '' : String(input.TransitGatewayRouteTableId);
  if (!id)
    throw new SandboxServiceError(
      'MissingParameter',
      'The request must contain the parameter transitGatewayRouteTableId',
    );
  const owner = regionState(ctx);
  const table = owner.transitGatewayRouteTables[id];
  if (!table || table.state === 'deleted') throw routeTableNotFound(id);
  return { table, owner };
}

function routeTableWire(table: TransitGatewayRouteTable) {
  return {
    transitGatewayRouteTableId: table.transitGatewayRouteTableId,
    transitGatewayId: table.transitGatewayId,
    state: table.state,
    defaultAssociationRouteTable: table.defaultAssociationRouteTable,
    defaultPropagationRouteTable: table.defaultPropagationRouteTable,
    creationTime: new Date(table.createdAt),
    tagSet: tagSet(table.tags),
  };
}

function attachmentRef(attachment: TransitGatewayAttachment) {
  return {
    transitGatewayAttachmentId: attachment.transitGatewayAttachmentId,
    resourceId: attachment.resourceId,
    resourceType: attachment.resourceType,
  };
}

const describeTransitGatewayRouteTables: OperationHandler = (input, ctx) => {
  const tables = regionState(ctx).transitGatewayRouteTables;
  const ids = stringList(input, 'TransitGatewayRouteTableIds');
  const missing = ids.find((id) => !tables[id]);
  if (missing) throw routeTableNotFound(missing);
  const filters = filtersFrom(input);
  const matching = Object.values(tables).filter(
    (table) =>
      (ids.length === 0 || ids.includes(table.transitGatewayRouteTableId)) &&
      table.state !== 'deleted' &&
      matchesFilters(
        filters,
        {
          'transit-gateway-route-table-id': table.transitGatewayRouteTableId,
          'transit-gateway-id': table.transitGatewayId,
          state: table.state,
          'default-association-route-table': String(table.defaultAssociationRouteTable),
          'default-propagation-route-table': String(table.defaultPropagationRouteTable),
        },
        table.tags,
      ),
  );
  const page = ec2Page(
    input,
    matching,
    (table) => table.transitGatewayRouteTableId,
    'DescribeTransitGatewayRouteTables',
  );
  return { transitGatewayRouteTables: page.items.map(routeTableWire), nextToken: page.nextToken };
};

function attachmentList(
  owner: Ec2RegionState,
  ids: readonly string[],
  filters: Ec2Filter[],
): TransitGatewayAttachment[] {
  return ids
    .flatMap((id) => owner.transitGatewayAttachments[id] ?? [])
    .filter((attachment) =>
      matchesFilters(filters, {
        'resource-id': attachment.resourceId,
        'resource-type': attachment.resourceType,
        'transit-gateway-attachment-id': attachment.transitGatewayAttachmentId,
      }),
    );
}

const getTransitGatewayRouteTableAssociations: OperationHandler = (input, ctx) => {
  const { table, owner } = ownedRouteTable(input, ctx);
  const page = ec2Page(
    input,
    attachmentList(owner, table.associations, filtersFrom(input)),
    (attachment) => attachment.transitGatewayAttachmentId,
    `GetTransitGatewayRouteTableAssociations:${table.transitGatewayRouteTableId}`,
  );
  return {
    associations: page.items.map((attachment) => ({ ...attachmentRef(attachment), state: 'associated' })),
    nextToken: page.nextToken,
  };
};

const getTransitGatewayRouteTablePropagations: OperationHandler = (input, ctx) => {
  const { table, owner } = ownedRouteTable(input, ctx);
  const page = ec2Page(
    input,
    attachmentList(owner, table.propagations, filtersFrom(input)),
    (attachment) => attachment.transitGatewayAttachmentId,
    `GetTransitGatewayRouteTablePropagations:${table.transitGatewayRouteTableId}`,
  );
  return {
    transitGatewayRouteTablePropagations: page.items.map((attachment) => ({
      ...attachmentRef(attachment),
      state: 'enabled',
    })),
    nextToken: page.nextToken,
  };
};

const SEARCH_FILTERS = [
  'attachment.transit-gateway-attachment-id',
  'attachment.resource-id',
  'attachment.resource-type',
  'prefix-list-id',
  'route-search.exact-match',
  'route-search.longest-prefix-match',
  'route-search.subnet-of-match',
  'route-search.supernet-of-match',
  'state',
  'type',
];

function searchCidr(value: string): CidrBlock {
  const cidr = parseCidr(value);
  if (!cidr)
    throw new SandboxServiceError(
      'InvalidParameterValue',
      `Value (${value}) for parameter route-search is invalid. Must be a valid CIDR block.`,
    );
  return cidr;
}

/** Routes matching one SearchTransitGatewayRoutes filter (any of its values). */
function matchesSearchFilter(
  route: InstalledRoute,
  filter: Ec2Filter,
  longestMatches: ReadonlySet<InstalledRoute>,
): boolean {
  const cidr = parseCidr(route.cidr);
  return filter.values.some((value) => {
    switch (filter.name) {
      case 'attachment.transit-gateway-attachment-id':
        return route.attachments.some((attachment) => attachment.transitGatewayAttachmentId === value);
      case 'attachment.resource-id':
        return route.attachments.some((attachment) => attachment.resourceId === value);
      case 'attachment.resource-type':
        return route.attachments.some((attachment) => attachment.resourceType === value);
      case 'prefix-list-id':
        return false;
      case 'route-search.exact-match':
        return cidr !== undefined && sameBlock(cidr, searchCidr(value));
      case 'route-search.longest-prefix-match':
        return longestMatches.has(route);
      case 'route-search.subnet-of-match':
        return cidr !== undefined && blockContains(searchCidr(value), cidr);
      case 'route-search.supernet-of-match':
        return cidr !== undefined && blockContains(cidr, searchCidr(value));
      case 'state':
        return route.state === value;
      case 'type':
        return route.type === value;
      default:
        return false;
    }
  });
}

/**
 * The routes of a table matching every filter. The table's routes are derived on each call from the
 * state of what propagates them (VPC CIDRs, VPN tunnels, BGP on Direct Connect) and AWS's route
 * evaluation order, so a fault or a failover test shows up at once.
 */
const searchTransitGatewayRoutes: OperationHandler = (input, ctx) => {
  const { table, owner } = ownedRouteTable(input, ctx);
  const filters = filtersFrom(input);
  if (filters.length === 0)
    throw new SandboxServiceError('MissingParameter', 'The request must contain the parameter filters');
  const unknown = filters.find((filter) => !SEARCH_FILTERS.includes(filter.name));
  if (unknown) throw new SandboxServiceError('InvalidParameterValue', `The filter '${unknown.name}' is invalid`);
  const { transitGateway } = findTransitGateway(ctx, table.transitGatewayId);
  const routes = installedRoutes(ctx.state, owner, table, transitGateway, ctx.region, ctx.now());
  const longestMatches = new Set<InstalledRoute>();
  for (const filter of filters.filter((candidate) => candidate.name === 'route-search.longest-prefix-match')) {
    for (const value of filter.values) {
      const wanted = searchCidr(value);
      const covering = routes.filter((route) => {
        const cidr = parseCidr(route.cidr);
        return cidr !== undefined && blockContains(cidr, wanted);
      });
      const longest = Math.max(-1, ...covering.map((route) => parseCidr(route.cidr)?.prefixLength ?? -1));
      for (const route of covering) if (parseCidr(route.cidr)?.prefixLength === longest) longestMatches.add(route);
    }
  }
  const matching = routes.filter((route) =>
    filters.every((filter) => matchesSearchFilter(route, filter, longestMatches)),
  );
  const page = ec2Page(input, matching, routeSortKey, `SearchTransitGatewayRoutes:${table.transitGatewayRouteTableId}`);
  return {
    routeSet: page.items.map((route) => ({
      destinationCidrBlock: route.cidr,
      transitGatewayAttachments: route.attachments.map(attachmentRef),
      type: route.type,
      state: route.state,
    })),
    additionalRoutesAvailable: page.nextToken !== undefined,
    nextToken: page.nextToken,
  };
};

/** Transit gateway route tables: their routes (derived, see route-derivation.ts), associations and propagations. */
export const transitGatewayRouteOperations: Record<string, OperationHandler> = {
  DescribeTransitGatewayRouteTables: describeTransitGatewayRouteTables,
  GetTransitGatewayRouteTableAssociations: getTransitGatewayRouteTableAssociations,
  GetTransitGatewayRouteTablePropagations: getTransitGatewayRouteTablePropagations,
  SearchTransitGatewayRoutes: searchTransitGatewayRoutes,
};
