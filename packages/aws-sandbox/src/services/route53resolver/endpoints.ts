import { SandboxServiceError } from '../../errors.js';
import type { OperationHandler } from '../../types.js';
import {
  callerResolver,
  isoTime,
  matchesResolverFilters,
  resolverArn,
  resolverPage,
  type ResolverEndpoint,
} from './model.js';

function endpointWire(endpoint: ResolverEndpoint, region: string, accountId: string) {
  return {
    Id: endpoint.id,
    CreatorRequestId: endpoint.creatorRequestId,
    Arn: resolverArn(region, accountId, 'resolver-endpoint', endpoint.id),
    Name: endpoint.name,
    SecurityGroupIds: endpoint.securityGroupIds,
    Direction: endpoint.direction,
    IpAddressCount: endpoint.ipAddresses.length,
    HostVPCId: endpoint.hostVpcId,
    Status: endpoint.status,
    StatusMessage: endpoint.statusMessage,
    CreationTime: isoTime(endpoint.createdAt),
    ModificationTime: isoTime(endpoint.modifiedAt),
    ResolverEndpointType: 'IPV4',
    Protocols: ['Do53'],
  };
}

const listResolverEndpoints: OperationHandler = (input, ctx) => {
  const endpoints = Object.values(callerResolver(ctx).endpoints).filter((endpoint) =>
    matchesResolverFilters(input, {
      CreatorRequestId: endpoint.creatorRequestId,
      Direction: endpoint.direction,
      HostVPCId: endpoint.hostVpcId,
      IpAddressCount: String(endpoint.ipAddresses.length),
      Name: endpoint.name,
      SecurityGroupIds: endpoint.securityGroupIds,
      Status: endpoint.status,
    }),
  );
  const page = resolverPage(input, endpoints, (endpoint) => endpoint.id, 'ListResolverEndpoints');
  return {
    ResolverEndpoints: page.items.map((endpoint) => endpointWire(endpoint, ctx.region, ctx.caller.accountId)),
    NextToken: page.nextToken,
    MaxResults: page.maxResults,
  };
};

const listResolverEndpointIpAddresses: OperationHandler = (input, ctx) => {
  const endpointId = input.ResolverEndpointId === undefined ? undefined : String(input.ResolverEndpointId);
  if (!endpointId)
    throw new SandboxServiceError('InvalidParameterException', 'ResolverEndpointId is required.', {
      extra: { FieldName: 'ResolverEndpointId' },
    });
  const endpoint = callerResolver(ctx).endpoints[endpointId];
  if (!endpoint) {
    throw new SandboxServiceError(
      'ResourceNotFoundException',
      `Resolver endpoint with ID '${endpointId}' does not exist.`,
      { extra: { ResourceType: 'ResolverEndpoint' } },
    );
  }
  const page = resolverPage(
    input,
    endpoint.ipAddresses,
    (ip) => ip.ipId,
    `ListResolverEndpointIpAddresses:${endpointId}`,
  );
  return {
    IpAddresses: page.items.map((ip) => ({
      IpId: ip.ipId,
      SubnetId: ip.subnetId,
      Ip: ip.ip,
      Status: ip.status,
      StatusMessage: ip.statusMessage,
      CreationTime: isoTime(ip.createdAt),
      ModificationTime: isoTime(ip.modifiedAt),
    })),
    NextToken: page.nextToken,
    MaxResults: page.maxResults,
  };
};

/** Inbound and outbound endpoints and their IP addresses (read-only: seeds and faults change them). */
export const endpointOperations: Record<string, OperationHandler> = {
  ListResolverEndpoints: listResolverEndpoints,
  ListResolverEndpointIpAddresses: listResolverEndpointIpAddresses,
};
