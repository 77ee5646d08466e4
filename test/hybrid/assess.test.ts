import { describe, expect, it } from 'vitest';
import { assessHybridPath } from '../../src/hybrid/assess.js';
import type { HybridAssessment } from '../../src/hybrid/assessment.js';
import type { HybridSnapshot } from '../../src/hybrid/snapshot.js';
import { ASSESS_CASES } from './assess-cases.js';
import { healthySnapshot, IDS, setBgp, setTunnel, snapshotWith } from './snapshots.js';

const serious = (assessment: HybridAssessment) => assessment.findings.filter((finding) => finding.severity !== 'info');

describe('assessHybridPath', () => {
  it.each(ASSESS_CASES)('$name', ({ snapshot, options, paths, exitCode, findings, says = [] }) => {
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
    const failedOver = assessHybridPath(ASSESS_CASES[2]?.snapshot as HybridSnapshot);
    expect(failedOver).toMatchObject({
      status: 'degraded',
      path: 'vpn',
      headline: 'Degraded: all 2 on-premises prefixes route over the VPN backup',
    });
    const mixed = assessHybridPath(ASSESS_CASES[6]?.snapshot as HybridSnapshot);
    expect(mixed).toMatchObject({
      path: 'mixed',
      headline: 'Degraded: of 3 on-premises prefixes, 2 route over Direct Connect, 1 routes over the VPN',
    });
    expect(assessHybridPath(ASSESS_CASES[4]?.snapshot as HybridSnapshot)).toMatchObject({
      status: 'down',
      path: 'none',
    });
  });

  it('marks what carries traffic and rates every component', () => {
    const healthy = assessHybridPath(healthySnapshot());
    const byId = new Map(healthy.components.map((component) => [component.id, component]));
    expect(byId.get(IDS.dxgw)).toMatchObject({ health: 'healthy', active: true });
    expect(byId.get(IDS.vpn)).toMatchObject({ health: 'healthy', detail: '2 of 2 tunnels UP, 2 BGP routes' });
    expect(byId.get(IDS.vpn)?.active).toBeUndefined();
    const failedOver = assessHybridPath(ASSESS_CASES[3]?.snapshot as HybridSnapshot);
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
