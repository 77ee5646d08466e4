import {
  ListResolverEndpointIpAddressesCommand,
  ListResolverEndpointsCommand,
  ListResolverRuleAssociationsCommand,
  ListResolverRulesCommand,
} from '@aws-sdk/client-route53resolver';
import { describe, expect, it } from 'vitest';
import { seededHybridSandbox } from './fixtures/hybrid-sandbox.js';
import { failureOf } from './helpers.js';

describe('sandbox Route 53 Resolver', () => {
  it('lists the seeded endpoints with their IPs in two subnets, the forwarding rule and its VPC association', async () => {
    const { resolver } = await seededHybridSandbox();
    const { ResolverEndpoints: endpoints = [] } = await resolver.send(new ListResolverEndpointsCommand({}));
    expect(
      endpoints.map((endpoint) => [endpoint.Name, endpoint.Direction, endpoint.Status, endpoint.IpAddressCount]).sort(),
    ).toEqual([
      ['corp-dns-inbound', 'INBOUND', 'OPERATIONAL', 2],
      ['corp-dns-outbound', 'OUTBOUND', 'OPERATIONAL', 2],
    ]);
    const outbound = endpoints.find((endpoint) => endpoint.Direction === 'OUTBOUND');
    expect(outbound?.Id).toMatch(/^rslvr-out-[0-9a-f]{17}$/);
    expect(outbound?.Arn).toBe(`arn:aws:route53resolver:us-east-1:123456789012:resolver-endpoint/${outbound?.Id}`);
    const { IpAddresses: ips = [] } = await resolver.send(
      new ListResolverEndpointIpAddressesCommand({ ResolverEndpointId: outbound?.Id }),
    );
    expect(ips.map((ip) => ip.Status)).toEqual(['ATTACHED', 'ATTACHED']);
    expect(new Set(ips.map((ip) => ip.SubnetId)).size).toBe(2);

    const { ResolverRules: rules = [] } = await resolver.send(new ListResolverRulesCommand({}));
    expect(rules.map((rule) => [rule.RuleType, rule.DomainName]).sort()).toEqual([
      ['FORWARD', 'corp.example.com'],
      ['RECURSIVE', '.'],
    ]);
    const forward = rules.find((rule) => rule.RuleType === 'FORWARD');
    expect(forward).toMatchObject({
      Status: 'COMPLETE',
      ResolverEndpointId: outbound?.Id,
      TargetIps: [
        { Ip: '10.10.0.2', Port: 53 },
        { Ip: '10.20.0.2', Port: 53 },
      ],
    });
    const { ResolverRuleAssociations: associations = [] } = await resolver.send(
      new ListResolverRuleAssociationsCommand({ Filters: [{ Name: 'ResolverRuleId', Values: [forward?.Id ?? ''] }] }),
    );
    expect(associations.map((association) => association.Status)).toEqual(['COMPLETE']);
    expect(associations[0]?.VPCId).toBe(outbound?.HostVPCId);
  });

  it('filters and pages like Resolver, with its errors', async () => {
    const { resolver, fault } = await seededHybridSandbox();
    const inbound = await resolver.send(
      new ListResolverEndpointsCommand({ Filters: [{ Name: 'Direction', Values: ['INBOUND'] }] }),
    );
    expect(inbound.ResolverEndpoints?.map((endpoint) => endpoint.Name)).toEqual(['corp-dns-inbound']);
    const first = await resolver.send(new ListResolverRulesCommand({ MaxResults: 1 }));
    expect(first.ResolverRules).toHaveLength(1);
    expect(first.MaxResults).toBe(1);
    const second = await resolver.send(new ListResolverRulesCommand({ MaxResults: 1, NextToken: first.NextToken }));
    expect(second.ResolverRules).toHaveLength(1);
    expect(second.NextToken).toBeUndefined();
    expect((await failureOf(resolver.send(new ListResolverRulesCommand({ NextToken: 'bogus' })))).name).toBe(
      'InvalidNextTokenException',
    );
    expect((await failureOf(resolver.send(new ListResolverRulesCommand({ MaxResults: 101 })))).name).toBe(
      'ValidationException',
    );
    expect(
      (
        await failureOf(
          resolver.send(new ListResolverEndpointsCommand({ Filters: [{ Name: 'Colour', Values: ['x'] }] })),
        )
      ).name,
    ).toBe('InvalidParameterException');
    expect(
      (
        await failureOf(
          resolver.send(
            new ListResolverEndpointIpAddressesCommand({ ResolverEndpointId: 'rslvr-in-00000000000000000' }),
          ),
        )
      ).name,
    ).toBe('ResourceNotFoundException');

    await fault('resolver-az-down');
    const after = await resolver.send(
      new ListResolverEndpointsCommand({ Filters: [{ Name: 'Direction', Values: ['OUTBOUND'] }] }),
    );
    expect(after.ResolverEndpoints?.[0]?.Status).toBe('AUTO_RECOVERING');
    const ips = await resolver.send(
      new ListResolverEndpointIpAddressesCommand({ ResolverEndpointId: after.ResolverEndpoints?.[0]?.Id }),
    );
    expect(ips.IpAddresses?.map((ip) => ip.Status).sort()).toEqual(['ATTACHED', 'FAILED_RESOURCE_GONE']);
  });
});
