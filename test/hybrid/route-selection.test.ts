import { describe, expect, it } from 'vitest';
import { parseCidr } from '../../src/core/cidr.js';
import { pathOf, selectRoute, worsePath } from '../../src/hybrid/route-selection.js';
import type { TgwRouteInfo } from '../../src/hybrid/snapshot.js';

const route = (
  cidr: string,
  resourceType: string,
  attachmentId: string,
  extra: Partial<TgwRouteInfo> = {},
): TgwRouteInfo => ({
  cidr,
  type: 'propagated',
  state: 'active',
  attachments: [{ attachmentId, resourceType, resourceId: `${resourceType}-${attachmentId}` }],
  ...extra,
});

const pick = (routes: TgwRouteInfo[], destination: string, vpnEcmp = true) => {
  const choice = selectRoute(
    routes,
    parseCidr(destination) ??
      (() => {
        throw new Error(destination);
      })(),
    { vpnEcmp },
  );
  return (
    choice && {
      cidr: choice.route.cidr,
      type: choice.route.type,
      attachments: choice.attachments.map((attachment) => attachment.attachmentId),
      path: pathOf(choice),
    }
  );
};

describe('selectRoute (AWS Transit Gateway route evaluation order)', () => {
  it('takes the most specific route that contains the destination', () => {
    const routes = [
      route('10.0.0.0/8', 'direct-connect-gateway', 'dx'),
      route('10.1.0.0/16', 'vpn', 'vpn1'),
      route('0.0.0.0/0', 'vpc', 'egress'),
    ];
    expect(pick(routes, '10.1.2.0/24')).toMatchObject({ cidr: '10.1.0.0/16', path: 'vpn' });
    expect(pick(routes, '10.2.0.0/16')).toMatchObject({ cidr: '10.0.0.0/8', path: 'dx' });
    expect(pick(routes, '192.0.2.0/24')).toMatchObject({ cidr: '0.0.0.0/0', path: 'other' });
    expect(pick([route('10.1.0.0/16', 'vpn', 'vpn1')], '10.0.0.0/8')).toBeUndefined();
  });

  it('prefers a static route to any propagated route of the same prefix', () => {
    const routes = [
      route('10.0.0.0/8', 'vpc', 'vpc1'),
      route('10.0.0.0/8', 'vpn', 'vpn1', { type: 'static' }),
      route('10.0.0.0/8', 'direct-connect-gateway', 'dx'),
    ];
    expect(pick(routes, '10.0.0.0/8')).toMatchObject({ type: 'static', attachments: ['vpn1'] });
  });

  it('orders propagated routes of one prefix by attachment type: VPC, Direct Connect gateway, Connect, VPN, before AS_PATH', () => {
    expect(
      pick(
        [
          route('10.0.0.0/8', 'vpn', 'vpn1', { asPathLength: 1 }),
          route('10.0.0.0/8', 'direct-connect-gateway', 'dx', { asPathLength: 9 }),
        ],
        '10.0.0.0/8',
      ),
    ).toMatchObject({ path: 'dx' });
    expect(
      pick([route('10.0.0.0/8', 'direct-connect-gateway', 'dx'), route('10.0.0.0/8', 'vpc', 'vpc1')], '10.0.0.0/8'),
    ).toMatchObject({ attachments: ['vpc1'] });
    expect(
      pick([route('10.0.0.0/8', 'vpn', 'vpn1'), route('10.0.0.0/8', 'connect', 'sdwan')], '10.0.0.0/8'),
    ).toMatchObject({ attachments: ['sdwan'] });
  });

  it('between VPNs: the shorter AS_PATH, then the lower MED (100 when unset); ECMP over what ties, only with VPN ECMP support', () => {
    const a = route('10.0.0.0/8', 'vpn', 'vpn-a', { asPathLength: 3 });
    const b = route('10.0.0.0/8', 'vpn', 'vpn-b', { asPathLength: 3 });
    expect(pick([a, b], '10.0.0.0/8', true)).toMatchObject({ attachments: ['vpn-a', 'vpn-b'], path: 'vpn' });
    expect(pick([b, a], '10.0.0.0/8', false)).toMatchObject({ attachments: ['vpn-a'] });
    expect(pick([a, { ...b, asPathLength: 1 }], '10.0.0.0/8', true)).toMatchObject({ attachments: ['vpn-b'] });
    expect(pick([a, { ...b, med: 50 }], '10.0.0.0/8', true)).toMatchObject({ attachments: ['vpn-b'] });
  });

  it('spreads over Direct Connect gateways with the same AS_PATH (ECMP), and a blackhole means no path', () => {
    const routes = [
      route('10.0.0.0/8', 'direct-connect-gateway', 'dx1', { asPathLength: 2 }),
      route('10.0.0.0/8', 'direct-connect-gateway', 'dx2', { asPathLength: 2 }),
    ];
    expect(pick(routes, '10.0.0.0/8', false)).toMatchObject({ attachments: ['dx1', 'dx2'], path: 'dx' });
    expect(
      pick([...routes, { cidr: '10.0.0.0/8', type: 'static', state: 'blackhole', attachments: [] }], '10.0.0.0/8'),
    ).toMatchObject({ path: 'none' });
    expect(pick([route('10.0.0.0/8', 'vpn', 'vpn1', { state: 'deleted' })], '10.0.0.0/8')).toBeUndefined();
  });

  it('ranks paths from worst to best: none, other, vpn, dx', () => {
    expect(worsePath('dx', 'vpn')).toBe('vpn');
    expect(worsePath('none', 'vpn')).toBe('none');
    expect(worsePath('other', 'vpn')).toBe('other');
    expect(worsePath('dx', 'dx')).toBe('dx');
  });
});
