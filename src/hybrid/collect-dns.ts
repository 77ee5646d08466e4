import { EC2Client, paginateDescribeSubnets } from '@aws-sdk/client-ec2';
import {
  paginateListResolverEndpointIpAddresses,
  paginateListResolverEndpoints,
  paginateListResolverRuleAssociations,
  paginateListResolverRules,
  Route53ResolverClient,
} from '@aws-sdk/client-route53resolver';
import type { AwsClients } from '../aws/clients.js';
import { isAwsarchError } from '../core/errors.js';
import type { HybridSnapshot } from './snapshot.js';
import { pageSizeFor, trackedEach, trackedPages, type ReadOptions, type Tracked } from './tracked-reads.js';

type DnsPart = HybridSnapshot['dns'];

/** Reads that may fail without spoiling the rest: the message goes to the snapshot's warnings. */
async function optional<T>(
  read: () => Promise<Tracked<T>>,
  fallback: T,
  after: number,
  warnings: string[],
): Promise<Tracked<T>> {
  try {
    return await read();
  } catch (error) {
    warnings.push(isAwsarchError(error) ? error.message : String(error));
    return { value: fallback, depth: after + 1 };
  }
}

/**
 * Round 1: Resolver endpoints, rules and rule associations at once. Round 2: each endpoint's IP
 * addresses, and the subnets of the endpoints' VPCs (for the availability zone of each address).
 */
export async function collectDns(aws: AwsClients, options: ReadOptions, warnings: string[]): Promise<Tracked<DnsPart>> {
  const resolver = aws.client(Route53ResolverClient);
  const paging = { client: resolver, pageSize: pageSizeFor(options, 1, 100) };
  const empty = <T>(): T[] => [];
  const [endpoints, rules, associations] = await Promise.all([
    optional(
      () =>
        trackedPages(
          0,
          'Reading Route 53 Resolver endpoints',
          paginateListResolverEndpoints(paging, {}),
          (page) => page.ResolverEndpoints,
        ),
      empty(),
      0,
      warnings,
    ),
    optional(
      () =>
        trackedPages(
          0,
          'Reading Route 53 Resolver rules',
          paginateListResolverRules(paging, {}),
          (page) => page.ResolverRules,
        ),
      empty(),
      0,
      warnings,
    ),
    optional(
      () =>
        trackedPages(
          0,
          'Reading Route 53 Resolver rule associations',
          paginateListResolverRuleAssociations(paging, {}),
          (page) => page.ResolverRuleAssociations,
        ),
      empty(),
      0,
      warnings,
    ),
  ]);
  const vpcIds = [...new Set(endpoints.value.flatMap((endpoint) => endpoint.HostVPCId ?? []))];
  const ec2 = aws.client(EC2Client);
  const [ips, subnets] = await Promise.all([
    trackedEach(
      endpoints.value,
      (endpoint) =>
        optional(
          () =>
            trackedPages(
              endpoints.depth,
              `Reading the IP addresses of ${endpoint.Id}`,
              paginateListResolverEndpointIpAddresses(paging, { ResolverEndpointId: endpoint.Id ?? '' }),
              (page) => page.IpAddresses,
            ),
          empty(),
          endpoints.depth,
          warnings,
        ),
      endpoints.depth,
    ),
    vpcIds.length === 0
      ? Promise.resolve(undefined)
      : optional(
          () =>
            trackedPages(
              endpoints.depth,
              'Reading the subnets of the Resolver endpoints (their availability zones are unknown)',
              paginateDescribeSubnets(
                { client: ec2, pageSize: pageSizeFor(options, 5, 1000) },
                { Filters: [{ Name: 'vpc-id', Values: vpcIds }] },
              ),
              (page) => page.Subnets,
            ),
          undefined,
          endpoints.depth,
          warnings,
        ),
  ]);
  return {
    depth: Math.max(rules.depth, associations.depth, ips.depth, subnets?.depth ?? 0),
    value: {
      endpoints: endpoints.value.map((endpoint, index) => ({
        id: endpoint.Id ?? '',
        name: endpoint.Name,
        direction: endpoint.Direction ?? 'unknown',
        status: endpoint.Status ?? 'unknown',
        statusMessage: endpoint.StatusMessage,
        vpcId: endpoint.HostVPCId,
        ipAddresses: (ips.value[index] ?? []).map((ip) => ({
          ip: ip.Ip ?? ip.Ipv6 ?? '',
          subnetId: ip.SubnetId ?? '',
          status: ip.Status ?? 'unknown',
        })),
      })),
      rules: rules.value.map((rule) => ({
        id: rule.Id ?? '',
        name: rule.Name,
        domainName: (rule.DomainName ?? '').replace(/\.$/, '') || '.',
        ruleType: rule.RuleType ?? 'unknown',
        status: rule.Status ?? 'unknown',
        endpointId: rule.ResolverEndpointId,
        targets: (rule.TargetIps ?? []).map((target) => ({ ip: target.Ip ?? target.Ipv6 ?? '', port: target.Port })),
      })),
      ruleAssociations: associations.value.map((association) => ({
        id: association.Id ?? '',
        ruleId: association.ResolverRuleId ?? '',
        vpcId: association.VPCId ?? '',
        status: association.Status ?? 'unknown',
      })),
      subnetZones: subnets?.value
        ? Object.fromEntries(subnets.value.map((subnet) => [subnet.SubnetId ?? '', subnet.AvailabilityZone ?? '']))
        : undefined,
    },
  };
}
