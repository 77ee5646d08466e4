import type { AssessOptions } from '../../src/hybrid/assess.js';
import type { PathKind } from '../../src/hybrid/assessment.js';
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

// The table of hybrid topologies assess.test.ts checks: each a snapshot, the path per prefix, the exit
// code and the serious findings it must produce.

export interface AssessCase {
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

export const ASSESS_CASES: AssessCase[] = [
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
