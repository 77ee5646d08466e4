import { describe, expect, it } from 'vitest';
import { assessHybridPath, type AssessOptions } from '../../src/hybrid/assess.js';
import type { HybridAssessment, PathKind } from '../../src/hybrid/assessment.js';
import type { HybridSnapshot } from '../../src/hybrid/snapshot.js';
import {
  dxRoute,
  healthySnapshot,
  IDS,
  ON_PREMISES,
  setBgp,
  setRoutes,
  setTunnel,
  snapshotWith,
  vpcRoute,
  vpnRoute,
} from './snapshots.js';

interface Case {
  name: string;
  snapshot: HybridSnapshot;
  options?: AssessOptions;
  paths: Record<string, PathKind>;
  exitCode: 0 | 4 | 5;
  /** Codes of the warning and critical findings, in order. */
  findings: string[];
  /** Words that must appear in the findings. */
  says?: RegExp[];
}

const bothVifsDown = (snapshot: HybridSnapshot) => {
  setBgp(snapshot, IDS.vifA, 'down');
  setBgp(snapshot, IDS.vifB, 'down');
};

const CASES: Case[] = [
  {
    name: 'all healthy: both prefixes on Direct Connect',
    snapshot: healthySnapshot(),
    paths: { '10.0.0.0/9': 'dx', '172.16.0.0/12': 'dx' },
    exitCode: 0,
    findings: [],
  },
  {
    name: 'one VIF down: still on Direct Connect, redundancy lost',
    snapshot: snapshotWith((snapshot) => setBgp(snapshot, IDS.vifA, 'down')),
    paths: { '10.0.0.0/9': 'dx', '172.16.0.0/12': 'dx' },
    exitCode: 4,
    findings: ['dx-bgp-down'],
    says: [
      /BGP on dxvif-aaaaaaaa \(corp-transit-eqdc2\) is down: Direct Connect has lost redundancy \(BGP up on 1 of 2 interfaces\)/,
    ],
  },
  {
    name: 'all Direct Connect down: both prefixes on the VPN backup',
    snapshot: snapshotWith((snapshot) => {
      bothVifsDown(snapshot);
      setRoutes(snapshot, [vpnRoute('10.0.0.0/9'), vpcRoute, vpnRoute('172.16.0.0/12')]);
    }),
    options: { downSince: { [IDS.vifA]: '2026-11-24T10:42:00.000Z' } },
    paths: { '10.0.0.0/9': 'vpn', '172.16.0.0/12': 'vpn' },
    exitCode: 4,
    findings: ['path-backup', 'path-backup', 'dx-bgp-down', 'dx-bgp-down'],
    says: [
      /10\.0\.0\.0\/9 routes over the backup, VPN vpn-0a1b2c3d4e5f60001 \(corp-vpn-backup\): BGP is down on every Direct Connect interface \(dxvif-aaaaaaaa \(corp-transit-eqdc2\) since 10:42 UTC/,
      /BGP on dxvif-aaaaaaaa \(corp-transit-eqdc2\) is down since 10:42 UTC$/,
    ],
  },
  {
    name: 'Direct Connect and one tunnel down: on the VPN, and the VPN has no redundancy',
    snapshot: snapshotWith((snapshot) => {
      bothVifsDown(snapshot);
      setTunnel(snapshot, 1, 'DOWN');
      setRoutes(snapshot, [vpnRoute('10.0.0.0/9'), vpcRoute, vpnRoute('172.16.0.0/12')]);
    }),
    paths: { '10.0.0.0/9': 'vpn', '172.16.0.0/12': 'vpn' },
    exitCode: 4,
    findings: ['path-backup', 'path-backup', 'dx-bgp-down', 'dx-bgp-down', 'vpn-tunnel-down'],
    says: [
      /VPN tunnel 2 \(52\.1\.1\.2\) of vpn-0a1b2c3d4e5f60001 \(corp-vpn-backup\) is down since 10:40 UTC: the backup has no redundancy/,
    ],
  },
  {
    name: 'nothing: Direct Connect and VPN down, no route to on-premises',
    snapshot: snapshotWith((snapshot) => {
      bothVifsDown(snapshot);
      setTunnel(snapshot, 0, 'DOWN');
      setTunnel(snapshot, 1, 'DOWN');
      setRoutes(snapshot, [vpcRoute]);
    }),
    paths: {},
    exitCode: 5,
    findings: ['no-routes', 'dns-target-unreachable', 'dx-bgp-down', 'dx-bgp-down', 'vpn-down'],
    says: [
      /no route to on-premises/,
      /queries for corp\.example\.com go to 10\.10\.0\.2, 10\.20\.0\.2, which the transit gateway has no route to/,
    ],
  },
  {
    name: 'nothing, with the prefixes known from before (--watch): each prefix has no path',
    snapshot: snapshotWith((snapshot) => {
      bothVifsDown(snapshot);
      setTunnel(snapshot, 0, 'DOWN');
      setTunnel(snapshot, 1, 'DOWN');
      setRoutes(snapshot, [vpcRoute]);
    }),
    options: { knownPrefixes: ON_PREMISES },
    paths: { '10.0.0.0/9': 'none', '172.16.0.0/12': 'none' },
    exitCode: 5,
    findings: ['path-none', 'path-none', 'dns-target-unreachable', 'dx-bgp-down', 'dx-bgp-down', 'vpn-down'],
    says: [/10\.0\.0\.0\/9 has no route in tgw-rtb-0a1b2c3d4e5f60001: traffic to it is dropped/],
  },
  {
    name: 'a more specific prefix over the VPN wins over Direct Connect (longest prefix first)',
    snapshot: snapshotWith((snapshot) =>
      setRoutes(snapshot, [dxRoute('10.0.0.0/9'), vpnRoute('10.1.0.0/16'), vpcRoute, dxRoute('172.16.0.0/12')]),
    ),
    paths: { '10.0.0.0/9': 'dx', '10.1.0.0/16': 'vpn', '172.16.0.0/12': 'dx' },
    exitCode: 4,
    findings: ['more-specific-via-vpn'],
    says: [
      /the VPN announces 10\.1\.0\.0\/16, more specific than Direct Connect's 10\.0\.0\.0\/9, and the longest prefix wins/,
    ],
  },
  {
    name: 'a static route to the VPN beats the Direct Connect route for the same prefix',
    snapshot: snapshotWith((snapshot) =>
      setRoutes(snapshot, [
        dxRoute('10.0.0.0/9'),
        vpnRoute('10.0.0.0/9', { type: 'static' }),
        vpcRoute,
        dxRoute('172.16.0.0/12'),
      ]),
    ),
    paths: { '10.0.0.0/9': 'vpn', '172.16.0.0/12': 'dx' },
    exitCode: 4,
    findings: ['static-route-to-vpn'],
    says: [/a static route beats propagated routes for the same prefix/],
  },
  {
    name: 'for the same prefix, a propagated Direct Connect route beats a VPN route with a shorter AS_PATH',
    snapshot: snapshotWith((snapshot) =>
      setRoutes(snapshot, [
        vpnRoute('10.0.0.0/9', { asPathLength: 1 }),
        dxRoute('10.0.0.0/9', { asPathLength: 5 }),
        vpcRoute,
        dxRoute('172.16.0.0/12'),
      ]),
    ),
    paths: { '10.0.0.0/9': 'dx', '172.16.0.0/12': 'dx' },
    exitCode: 0,
    findings: [],
  },
  {
    name: 'a blackhole static route drops the traffic',
    snapshot: snapshotWith((snapshot) =>
      setRoutes(snapshot, [
        dxRoute('10.0.0.0/9'),
        { cidr: '10.0.0.0/9', type: 'static', state: 'blackhole', attachments: [] },
        vpcRoute,
        dxRoute('172.16.0.0/12'),
      ]),
    ),
    paths: { '10.0.0.0/9': 'none', '172.16.0.0/12': 'dx' },
    exitCode: 5,
    // The on-premises DNS servers are in 10.0.0.0/9, so forwarding fails too.
    findings: ['path-blackhole', 'dns-target-unreachable'],
  },
  {
    name: 'a static route to a VPN whose tunnels are all down drops the traffic',
    snapshot: snapshotWith((snapshot) => {
      setTunnel(snapshot, 0, 'DOWN');
      setTunnel(snapshot, 1, 'DOWN');
      setRoutes(snapshot, [vpnRoute('10.0.0.0/9', { type: 'static' }), vpcRoute, dxRoute('172.16.0.0/12')]);
    }),
    paths: { '10.0.0.0/9': 'none', '172.16.0.0/12': 'dx' },
    exitCode: 5,
    findings: ['path-vpn-down', 'vpn-down'],
  },
  {
    name: 'a --prefix nothing covers has no path',
    snapshot: healthySnapshot(),
    options: { prefixes: ['192.168.0.0/16', '10.20.0.0/24'] },
    paths: { '10.20.0.0/24': 'dx', '192.168.0.0/16': 'none' },
    exitCode: 5,
    findings: ['path-none'],
  },
  {
    name: 'Resolver endpoints left in one availability zone',
    snapshot: snapshotWith((snapshot) => {
      for (const endpoint of snapshot.dns.endpoints)
        endpoint.ipAddresses = endpoint.ipAddresses.map((ip) =>
          ip.subnetId === IDS.subnetB ? { ...ip, status: 'FAILED_RESOURCE_GONE' } : ip,
        );
      for (const endpoint of snapshot.dns.endpoints) endpoint.status = 'AUTO_RECOVERING';
    }),
    paths: { '10.0.0.0/9': 'dx', '172.16.0.0/12': 'dx' },
    exitCode: 4,
    findings: ['dns-endpoint-status', 'dns-single-az', 'dns-endpoint-status', 'dns-single-az'],
    says: [
      /Resolver outbound endpoint rslvr-out-0a1b2c3d4e5f6001 \(corp-dns-outbound\) has its only attached IP address in one availability zone \(us-east-1a\): no availability zone redundancy/,
    ],
  },
  {
    name: "a forwarding rule associated with no VPC, and a VPN that does not propagate into the VPCs' table",
    snapshot: snapshotWith((snapshot) => {
      snapshot.dns.ruleAssociations = [];
      const table = snapshot.routeTables[0];
      if (table) table.propagations = [IDS.dxAttachment, IDS.vpcAttachment];
    }),
    paths: { '10.0.0.0/9': 'dx', '172.16.0.0/12': 'dx' },
    exitCode: 4,
    findings: ['vpn-not-propagated', 'dns-rule-unassociated'],
  },
  {
    name: "an inbound endpoint on-premises cannot reach: not in the DX allowed prefixes, no route in the VPN's table",
    snapshot: snapshotWith((snapshot) => {
      const association = snapshot.directConnect.associations[0];
      if (association) association.allowedPrefixes = ['10.201.0.0/16'];
      const table = snapshot.routeTables[0];
      if (table) table.routes = table.routes.filter((route) => route.cidr !== '10.255.0.0/16');
    }),
    paths: { '10.0.0.0/9': 'dx', '172.16.0.0/12': 'dx' },
    exitCode: 4,
    findings: ['dns-inbound-not-advertised', 'dns-inbound-no-route-from-vpn'],
    says: [
      /cannot reach Resolver inbound endpoint rslvr-in-0a1b2c3d4e5f60001 \(corp-dns-inbound\) over Direct Connect: corp-dxgw does not advertise a prefix that covers it \(allowed prefixes: 10\.201\.0\.0\/16\)/,
    ],
  },
  {
    name: 'no Direct Connect or VPN attached at all (wrong account?)',
    snapshot: snapshotWith((snapshot) => {
      snapshot.attachments = snapshot.attachments.filter((attachment) => attachment.resourceType === 'vpc');
      snapshot.directConnect = { connections: [], virtualInterfaces: [], gateways: [], associations: [], tests: [] };
      snapshot.vpn = { connections: [], customerGateways: [] };
      setRoutes(snapshot, [vpcRoute]);
    }),
    paths: {},
    exitCode: 5,
    findings: ['no-hybrid'],
    says: [/pass --account/],
  },
];

const serious = (assessment: HybridAssessment) => assessment.findings.filter((finding) => finding.severity !== 'info');

describe('assessHybridPath', () => {
  it.each(CASES)('$name', ({ snapshot, options, paths, exitCode, findings, says = [] }) => {
    const assessment = assessHybridPath(snapshot, options);
    expect(Object.fromEntries(assessment.prefixes.map((prefix) => [prefix.prefix, prefix.path]))).toEqual(paths);
    expect(assessment.exitCode).toBe(exitCode);
    expect(serious(assessment).map((finding) => finding.code)).toEqual(findings);
    const texts = assessment.findings.map((finding) => finding.text);
    for (const pattern of says)
      expect(
        texts.some((text) => pattern.test(text)),
        `${pattern} in ${JSON.stringify(texts, null, 1)}`,
      ).toBe(true);
  });

  it('sums up the state in the headline, the summary path and the status', () => {
    expect(assessHybridPath(healthySnapshot())).toMatchObject({
      status: 'healthy',
      path: 'dx',
      headline: 'Primary healthy: all 2 on-premises prefixes route over Direct Connect',
    });
    const failedOver = assessHybridPath(CASES[2]?.snapshot as HybridSnapshot);
    expect(failedOver).toMatchObject({
      status: 'degraded',
      path: 'vpn',
      headline: 'Degraded: all 2 on-premises prefixes route over the VPN backup',
    });
    const mixed = assessHybridPath(CASES[6]?.snapshot as HybridSnapshot);
    expect(mixed).toMatchObject({
      path: 'mixed',
      headline: 'Degraded: of 3 on-premises prefixes, 2 route over Direct Connect, 1 routes over the VPN',
    });
    expect(assessHybridPath(CASES[4]?.snapshot as HybridSnapshot)).toMatchObject({ status: 'down', path: 'none' });
  });

  it('marks what carries traffic and rates every component', () => {
    const healthy = assessHybridPath(healthySnapshot());
    const byId = new Map(healthy.components.map((component) => [component.id, component]));
    expect(byId.get(IDS.dxgw)).toMatchObject({ health: 'healthy', active: true });
    expect(byId.get(IDS.vpn)).toMatchObject({ health: 'healthy', detail: '2 of 2 tunnels UP, 2 BGP routes' });
    expect(byId.get(IDS.vpn)?.active).toBeUndefined();
    const failedOver = assessHybridPath(CASES[3]?.snapshot as HybridSnapshot);
    const after = new Map(failedOver.components.map((component) => [component.id, component]));
    expect(after.get(IDS.vpn)).toMatchObject({ health: 'degraded', active: true });
    expect(after.get(IDS.dxgw)).toMatchObject({ health: 'down' });
    expect(after.get(`${IDS.vpn}#2`)).toMatchObject({ health: 'down' });
  });

  it('says when a failover test holds BGP down: a warning (redundancy is reduced meanwhile), not a BGP failure', () => {
    const snapshot = snapshotWith((s) => {
      const vif = s.directConnect.virtualInterfaces[0];
      if (vif) vif.state = 'testing';
      setBgp(s, IDS.vifA, 'down');
      s.directConnect.tests.push({
        testId: 'test-1',
        virtualInterfaceId: IDS.vifA,
        status: 'IN_PROGRESS',
        startTime: '2026-11-24T10:42:00.000Z',
        endTime: '2026-11-24T10:47:00.000Z',
        bgpPeers: ['dxpeer-aaaaaaaa'],
      });
    });
    const assessment = assessHybridPath(snapshot);
    const test = assessment.findings.find((finding) => finding.code === 'dx-failover-test');
    expect(test).toMatchObject({
      severity: 'warning',
      text: expect.stringMatching(
        /holds BGP down on dxvif-aaaaaaaa \(corp-transit-eqdc2\) since 10:42 UTC; AWS restores it at 10:47 UTC/,
      ),
    });
    expect(assessment.exitCode).toBe(4);
    expect(assessment.findings.some((finding) => finding.code === 'dx-bgp-down')).toBe(false);
  });

  it('judges the backup for the failover test: ready with a tunnel UP, routes and propagation', () => {
    expect(assessHybridPath(healthySnapshot()).backup).toEqual({ ready: true, vpnIds: [IDS.vpn], reasons: [] });
    const down = assessHybridPath(snapshotWith((s) => (setTunnel(s, 0, 'DOWN'), setTunnel(s, 1, 'DOWN'))));
    expect(down.backup).toMatchObject({
      ready: false,
      reasons: ['VPN vpn-0a1b2c3d4e5f60001 (corp-vpn-backup) has no tunnel UP'],
    });
    const noRoutes = assessHybridPath(
      snapshotWith((s) => s.vpn.connections[0]?.tunnels.forEach((tunnel) => (tunnel.acceptedRoutes = 0))),
    );
    expect(noRoutes.backup.reasons).toEqual([
      'VPN vpn-0a1b2c3d4e5f60001 (corp-vpn-backup) has learned no routes over BGP',
    ]);
    const noVpn = assessHybridPath(snapshotWith((s) => (s.vpn.connections = [])));
    expect(noVpn.backup.ready).toBe(false);
  });

  it('falls back to subnets when the availability zones could not be read', () => {
    const assessment = assessHybridPath(
      snapshotWith((s) => {
        delete s.dns.subnetZones;
        const inbound = s.dns.endpoints[0];
        if (inbound) inbound.ipAddresses = inbound.ipAddresses.map((ip) => ({ ...ip, subnetId: IDS.subnetA }));
      }),
    );
    expect(assessment.findings.find((finding) => finding.code === 'dns-single-az')?.text).toMatch(
      /in one subnet \(subnet-0000000000000000a\): no availability zone redundancy/,
    );
  });
});
