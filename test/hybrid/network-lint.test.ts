import { describe, expect, it } from 'vitest';
import { assessHybridPath, type AssessOptions } from '../../src/hybrid/assess.js';
import type { HybridSnapshot } from '../../src/hybrid/snapshot.js';
import { dxRoute, healthySnapshot, IDS, setRoutes, setTunnel, snapshotWith, vpcRoute, vpnRoute } from './snapshots.js';

interface LintCase {
  name: string;
  snapshot: HybridSnapshot;
  options?: AssessOptions;
  /** Codes of the lint findings (and the single-location one), in order. */
  lint: string[];
  exitCode: 0 | 4 | 5;
  says?: RegExp[];
  fix?: RegExp;
}

const LINT_CODES = /^(lint-|dx-single-location$)/;

const secondVpn = (snapshot: HybridSnapshot) => {
  const vpn = snapshot.vpn.connections[0];
  if (!vpn) return;
  snapshot.vpn.connections.push({ ...vpn, id: 'vpn-0000000000000002', name: 'corp-vpn-second' });
  snapshot.attachments.push({
    id: 'tgw-attach-000000000000vpn02',
    transitGatewayId: IDS.tgw,
    resourceType: 'vpn',
    resourceId: 'vpn-0000000000000002',
    state: 'available',
    routeTableId: IDS.table,
  });
  snapshot.routeTables[0]?.propagations.push('tgw-attach-000000000000vpn02');
};

const CASES: LintCase[] = [
  { name: 'the reference topology has nothing to lint', snapshot: healthySnapshot(), lint: [], exitCode: 0 },
  {
    name: 'a VPC of the network account inside the prefix on-premises announces over Direct Connect',
    snapshot: snapshotWith((snapshot) => {
      snapshot.vpcs.push({ id: 'vpc-00000000000000lab', name: 'lab', cidrs: ['10.1.0.0/16'] });
    }),
    lint: ['lint-vpc-overlaps-on-premises'],
    exitCode: 4,
    says: [
      /VPC vpc-00000000000000lab \(lab\) uses 10\.1\.0\.0\/16, inside 10\.0\.0\.0\/9, which on-premises announces over Direct Connect/,
    ],
    fix: /CIDR outside the on-premises prefixes/,
  },
  {
    name: 'a VPC on the transit gateway (another account) overlapping an on-premises prefix',
    snapshot: snapshotWith((snapshot) => {
      snapshot.attachments.push({
        id: 'tgw-attach-00000000000vpc02',
        transitGatewayId: IDS.tgw,
        resourceType: 'vpc',
        resourceId: 'vpc-0000000000000dev1',
        resourceOwnerId: '222233334444',
        state: 'available',
        routeTableId: IDS.table,
      });
      snapshot.routeTables[0]?.routes.push({
        cidr: '172.16.0.0/16',
        type: 'propagated',
        state: 'active',
        attachments: [
          { attachmentId: 'tgw-attach-00000000000vpc02', resourceType: 'vpc', resourceId: 'vpc-0000000000000dev1' },
        ],
      });
    }),
    lint: ['lint-vpc-overlaps-on-premises'],
    exitCode: 4,
    says: [/VPC vpc-0000000000000dev1 in account 222233334444 uses 172\.16\.0\.0\/16, inside 172\.16\.0\.0\/12/],
  },
  {
    name: 'a baselined VPC of a member account inside the on-premises range (the old default pool 10.0.0.0/8)',
    snapshot: snapshotWith((snapshot) => {
      snapshot.accountDns = {
        accounts: [
          {
            id: '222233334444',
            name: 'Dev',
            vpcs: [{ id: 'vpc-0dev', name: 'baseline', cidrs: ['10.0.0.0/16'] }],
            rules: [],
            ruleAssociations: [],
          },
        ],
      };
      snapshot.dns.rules = snapshot.dns.rules.filter((rule) => rule.ruleType !== 'FORWARD');
    }),
    lint: ['lint-vpc-overlaps-on-premises'],
    exitCode: 4,
    says: [/VPC vpc-0dev \(baseline\) in account 222233334444 \(Dev\) uses 10\.0\.0\.0\/16, inside 10\.0\.0\.0\/9/],
  },
  {
    name: 'a VPC that only overlaps an on-premises prefix given with --prefix',
    snapshot: snapshotWith((snapshot) => {
      snapshot.vpcs.push({ id: 'vpc-0000000000000wide', cidrs: ['192.168.0.0/16'] });
    }),
    options: { prefixes: ['192.168.10.0/24', '10.0.0.0/9'] },
    lint: ['lint-vpc-overlaps-on-premises'],
    exitCode: 5,
    says: [/uses 192\.168\.0\.0\/16, overlapping 192\.168\.10\.0\/24, an on-premises prefix/],
  },
  {
    name: 'a static route to a VPC more specific than Direct Connect shadows it',
    snapshot: snapshotWith((snapshot) =>
      setRoutes(snapshot, [
        dxRoute('10.0.0.0/9'),
        {
          cidr: '10.10.0.0/16',
          type: 'static',
          state: 'active',
          attachments: [{ attachmentId: IDS.vpcAttachment, resourceType: 'vpc', resourceId: IDS.vpc }],
        },
        vpcRoute,
        dxRoute('172.16.0.0/12'),
      ]),
    ),
    lint: ['lint-static-route-shadows-dx'],
    exitCode: 4,
    says: [
      /a static route for 10\.10\.0\.0\/16 to VPC vpc-0a1b2c3d4e5f60001 \(awsarch-network-hub\) in tgw-rtb-0a1b2c3d4e5f60001 shadows Direct Connect's 10\.0\.0\.0\/9/,
    ],
    fix: /delete the static route for 10\.10\.0\.0\/16/,
  },
  {
    name: 'a static route the path findings already explain is not linted twice',
    snapshot: snapshotWith((snapshot) =>
      setRoutes(snapshot, [
        dxRoute('10.0.0.0/9'),
        vpnRoute('10.0.0.0/9', { type: 'static' }),
        vpcRoute,
        dxRoute('172.16.0.0/12'),
      ]),
    ),
    lint: [],
    exitCode: 4,
  },
  {
    name: 'a static route less specific than Direct Connect does not shadow it',
    snapshot: snapshotWith((snapshot) =>
      setRoutes(snapshot, [
        dxRoute('10.0.0.0/9'),
        vpnRoute('10.0.0.0/8', { type: 'static' }),
        vpcRoute,
        dxRoute('172.16.0.0/12'),
      ]),
    ),
    options: { prefixes: ['10.0.0.0/9', '172.16.0.0/12'] },
    lint: [],
    exitCode: 0,
  },
  {
    name: 'all Direct Connect interfaces at one location',
    snapshot: snapshotWith((snapshot) => {
      for (const connection of snapshot.directConnect.connections) connection.location = 'EqDC2';
    }),
    lint: ['dx-single-location'],
    exitCode: 4,
    says: [/every Direct Connect interface to the transit gateway terminates at EqDC2/],
    fix: /second location/,
  },
  {
    name: 'VPN tunnels that learned different routes',
    snapshot: snapshotWith((snapshot) => {
      const tunnel = snapshot.vpn.connections[0]?.tunnels[1];
      if (tunnel) tunnel.acceptedRoutes = 1;
    }),
    lint: ['lint-vpn-tunnels-differ'],
    exitCode: 4,
    says: [
      /the tunnels of VPN vpn-0a1b2c3d4e5f60001 \(corp-vpn-backup\) learned different routes \(52\.1\.1\.1: 2, 52\.1\.1\.2: 1\)/,
    ],
    fix: /same prefixes over both tunnels/,
  },
  {
    name: 'one tunnel down is a VPN finding, not a lint of different routes',
    snapshot: snapshotWith((snapshot) => setTunnel(snapshot, 1, 'DOWN')),
    lint: [],
    exitCode: 4,
  },
  {
    name: 'two VPNs on a transit gateway without VPN ECMP',
    snapshot: snapshotWith((snapshot) => {
      secondVpn(snapshot);
      const tgw = snapshot.transitGateways[0];
      if (tgw) tgw.vpnEcmpSupport = false;
    }),
    lint: ['lint-tgw-vpn-ecmp-off'],
    exitCode: 4,
    says: [/has 2 VPN attachments but VPN ECMP support is off/],
    fix: /VpnEcmpSupport=enable/,
  },
  {
    name: 'two VPNs with VPN ECMP on are fine',
    snapshot: snapshotWith(secondVpn),
    lint: [],
    exitCode: 0,
  },
];

describe('the network lint', () => {
  it.each(CASES)('$name', ({ snapshot, options, lint, exitCode, says = [], fix }) => {
    const assessment = assessHybridPath(snapshot, options);
    const found = assessment.findings.filter((finding) => LINT_CODES.test(finding.code));
    expect(found.map((finding) => finding.code)).toEqual(lint);
    expect(assessment.exitCode).toBe(exitCode);
    for (const finding of found) {
      expect(finding.severity).toBe('warning');
      expect(finding.fix, `${finding.code} says what to change`).toBeTruthy();
    }
    for (const pattern of says)
      expect(
        found.some((finding) => pattern.test(finding.text)),
        `${pattern} in ${JSON.stringify(found.map((finding) => finding.text))}`,
      ).toBe(true);
    if (fix) expect(found.some((finding) => fix.test(finding.fix ?? ''))).toBe(true);
  });

  it('lists the Resolver single-AZ and VPN-down checks with their fixes too', () => {
    const assessment = assessHybridPath(
      snapshotWith((snapshot) => {
        for (const endpoint of snapshot.dns.endpoints) for (const ip of endpoint.ipAddresses) ip.subnetId = IDS.subnetA;
        setTunnel(snapshot, 0, 'DOWN');
        setTunnel(snapshot, 1, 'DOWN');
      }),
    );
    const codes = Object.fromEntries(assessment.findings.map((finding) => [finding.code, finding.fix]));
    expect(codes['dns-single-az']).toMatch(/another availability zone/);
    expect(codes['vpn-down']).toMatch(/customer gateway/);
  });
});
