import { EC2Client, paginateDescribeSubnets } from '@aws-sdk/client-ec2';
import {
  paginateListResolverEndpointIpAddresses,
  paginateListResolverEndpoints,
  paginateListResolverRuleAssociations,
  paginateListResolverRules,
  Route53ResolverClient,
} from '@aws-sdk/client-route53resolver';
import type { AwsClients } from '../aws/clients.js';
import type { HybridSnapshot } from './snapshot.js';
import {
  optionalRead,
  pageSizeFor,
  trackedEach,
  trackedPages,
  type ReadOptions,
  type ReadProblems,
  type Tracked,
} from './tracked-reads.js';

type DnsPart = HybridSnapshot['dns'];

/**
 * Round 1: Resolver endpoints, rules and rule associations at once. Round 2: each endpoint's IP
 * addresses, and the subnets of the endpoints' VPCs (for the availability zone of each address).
 */
export async function collectDns(
  aws: AwsClients,
  options: ReadOptions,
  problems: ReadProblems,
): Promise<Tracked<DnsPart>> {
  const resolver = aws.client(Route53ResolverClient);
  const paging = { client: resolver, pageSize: pageSizeFor(options, 1, 100) };
  const empty = <T>(): T[] => [];
  const [endpoints, rules, associations] = await Promise.all([
    optionalRead(
      () =>
        trackedPages(
          0,
          'Reading Route 53 Resolver endpoints',
          paginateListResolverEndpoints(paging, {}),
          (page) => page.ResolverEndpoints,
        ),
      empty(),
      0,
      problems,
      'Route 53 Resolver',
    ),
    optionalRead(
      () =>
        trackedPages(
          0,
          'Reading Route 53 Resolver rules',
          paginateListResolverRules(paging, {}),
          (page) => page.ResolverRules,
        ),
      empty(),
      0,
      problems,
      'Route 53 Resolver',
    ),
    optionalRead(
      () =>
        trackedPages(
          0,
          'Reading Route 53 Resolver rule associations',
          paginateListResolverRuleAssociations(paging, {}),
          (page) => page.ResolverRuleAssociations,
        ),
      empty(),
      0,
      problems,
      'Route 53 Resolver',
    ),
  ]);
  const vpcIds = [...new Set(endpoints.value.flatMap((endpoint) => endpoint.HostVPCId ?? []))];
  const ec2 = aws.client(EC2Client);
  const [ips, subnets] = await Promise.all([
    trackedEach(
      endpoints.value,
      (endpoint) =>
        optionalRead(
          () =>
            trackedPages(
              endpoints.depth,
              `Reading the IP addresses of ${endpoint.Id}`,
              paginateListResolverEndpointIpAddresses(paging, { ResolverEndpointId: endpoint.Id ?? '' }),
              (page) => page.IpAddresses,
            ),
          empty(),
          endpoints.depth,
          problems,
          'Route 53 Resolver',
        ),
      endpoints.depth,
    ),
    vpcIds.length === 0
      ? Promise.resolve(undefined)
      : optionalRead(
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
          problems,
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
        ownerId: rule.OwnerId,
        shareStatus: rule.ShareStatus,
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
