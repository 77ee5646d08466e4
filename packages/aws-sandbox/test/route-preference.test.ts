import { describe, expect, it } from 'vitest';
import type { TransitGateway, TransitGatewayAttachment } from '../src/services/ec2/model.js';
import { DEFAULT_MED, preferredRoute, type CandidateRoute } from '../src/services/ec2/route-preference.js';

// AWS Transit Gateway guide, "How transit gateways work": "Route evaluation order", "Equal Cost Multipath routing".

function gateway(vpnEcmpSupport: 'enable' | 'disable' = 'enable'): TransitGateway {
  return {
    transitGatewayId: 'tgw-1',
    ownerId: '111111111111',
    region: 'us-east-1',
    state: 'available',
    amazonSideAsn: 64512,
    autoAcceptSharedAttachments: 'disable',
    defaultRouteTableAssociation: 'enable',
    defaultRouteTablePropagation: 'enable',
    vpnEcmpSupport,
    dnsSupport: 'enable',
    createdAt: 0,
    tags: [],
  };
}

function attachment(
  id: string,
  resourceType: TransitGatewayAttachment['resourceType'],
  state: TransitGatewayAttachment['state'] = 'available',
): TransitGatewayAttachment {
  return {
    transitGatewayAttachmentId: id,
    transitGatewayId: 'tgw-1',
    transitGatewayOwnerId: '111111111111',
    resourceOwnerId: '111111111111',
    resourceType,
    resourceId: `${resourceType}-${id}`,
    state,
    createdAt: 0,
    tags: [],
  };
}

const cidr = '10.0.0.0/8';
const propagated = (
  target: TransitGatewayAttachment,
  bgp: Partial<Pick<CandidateRoute, 'asPathLength' | 'med' | 'neighborAsn'>> = {},
): CandidateRoute => ({
  cidr,
  type: 'propagated',
  attachment: target,
  asPathLength: bgp.asPathLength ?? 1,
  med: bgp.med ?? DEFAULT_MED[target.resourceType] ?? 0,
  neighborAsn: bgp.neighborAsn,
});
const attachmentIds = (candidates: CandidateRoute[], tgw = gateway()) =>
  preferredRoute(candidates, tgw)?.attachments.map((target) => target.transitGatewayAttachmentId);

describe('transit gateway route preference for one CIDR', () => {
  it('prefers a static route to every propagated one; without a usable attachment it is a blackhole', () => {
    const vpn = attachment('tgw-attach-vpn', 'vpn');
    const dx = attachment('tgw-attach-dx', 'direct-connect-gateway');
    const statics: CandidateRoute = { cidr, type: 'static', attachment: vpn, asPathLength: 0, med: 0 };
    expect(preferredRoute([propagated(dx), statics], gateway())).toMatchObject({
      type: 'static',
      state: 'active',
      attachments: [vpn],
    });
    const gone = attachment('tgw-attach-old', 'vpc', 'deleted');
    expect(preferredRoute([propagated(dx), { ...statics, attachment: gone }], gateway())).toMatchObject({
      type: 'static',
      state: 'blackhole',
    });
    expect(preferredRoute([{ ...statics, attachment: undefined }], gateway())).toMatchObject({
      state: 'blackhole',
      attachments: [],
    });
  });

  it('ranks attachment types VPC, Direct Connect gateway, Connect, VPN, peering, whatever the BGP attributes', () => {
    const vpc = attachment('tgw-attach-4', 'vpc');
    const dx = attachment('tgw-attach-3', 'direct-connect-gateway');
    const connect = attachment('tgw-attach-2', 'connect');
    const vpn = attachment('tgw-attach-1', 'vpn');
    const peering = attachment('tgw-attach-0', 'peering');
    const all = [
      propagated(peering),
      propagated(vpn, { asPathLength: 0, med: 0 }),
      propagated(connect),
      propagated(dx, { asPathLength: 9 }),
    ];
    expect(attachmentIds([...all, propagated(vpc)])).toEqual(['tgw-attach-4']);
    expect(attachmentIds(all)).toEqual(['tgw-attach-3']);
    expect(attachmentIds(all.slice(0, 3))).toEqual(['tgw-attach-2']);
    expect(attachmentIds(all.slice(0, 2))).toEqual(['tgw-attach-1']);
  });

  it('within one type prefers the shorter AS_PATH, then the lower MED (VPN default 100)', () => {
    const a = attachment('tgw-attach-a', 'vpn');
    const b = attachment('tgw-attach-b', 'vpn');
    expect(attachmentIds([propagated(a, { asPathLength: 3 }), propagated(b, { asPathLength: 2, med: 500 })])).toEqual([
      'tgw-attach-b',
    ]);
    expect(attachmentIds([propagated(a, { med: 50 }), propagated(b)])).toEqual(['tgw-attach-a']);
    expect(DEFAULT_MED).toMatchObject({ 'direct-connect-gateway': 0, vpn: 100, connect: 100 });
  });

  it('spreads over equal VPN routes only with VPN ECMP support, and never across neighbour ASNs', () => {
    const a = attachment('tgw-attach-b', 'vpn');
    const b = attachment('tgw-attach-a', 'vpn');
    const same = [propagated(a, { neighborAsn: 65000 }), propagated(b, { neighborAsn: 65000 })];
    expect(attachmentIds(same, gateway('enable'))).toEqual(['tgw-attach-a', 'tgw-attach-b']);
    expect(attachmentIds(same, gateway('disable'))).toEqual(['tgw-attach-a']);
    const differentAsns = [propagated(a, { neighborAsn: 65001 }), propagated(b, { neighborAsn: 65000 })];
    expect(attachmentIds(differentAsns, gateway('enable'))).toEqual(['tgw-attach-a']);
  });

  it('spreads over equal Direct Connect gateway routes, not over ones whose AS_PATH differs', () => {
    const a = attachment('tgw-attach-1', 'direct-connect-gateway');
    const b = attachment('tgw-attach-2', 'direct-connect-gateway');
    expect(attachmentIds([propagated(a), propagated(b)], gateway('disable'))).toEqual(['tgw-attach-1', 'tgw-attach-2']);
    expect(attachmentIds([propagated(a, { asPathLength: 2 }), propagated(b)])).toEqual(['tgw-attach-2']);
  });
});
