import { AwsarchError, usageError } from '../core/errors.js';
import type { HybridAssessment, PathKind } from './assessment.js';
import type { DxVirtualInterfaceInfo, HybridSnapshot } from './snapshot.js';
import { named, vifBgpUp } from './topology.js';
import { ERR } from '../core/error-codes.js';
import type { ErrorCode } from '../core/codes.js';

/** What a failover test will do, decided before anything changes. */
export interface FailoverPlan {
  vifs: DxVirtualInterfaceInfo[];
  /** Prefixes on Direct Connect now: the ones that should move and come back. */
  prefixes: string[];
  /** Where traffic should go while BGP is down: the VPN, or still Direct Connect over the untested interfaces. */
  expected: Extract<PathKind, 'dx' | 'vpn'>;
  /** Interfaces on the same Direct Connect gateways that stay up (why `expected` may be dx). */
  remaining: DxVirtualInterfaceInfo[];
  backupVpnIds: string[];
}

/** Finds the interfaces named by --vif (id or name); unknown names are a usage error. */
export function resolveVifs(snapshot: HybridSnapshot, keys: readonly string[]): DxVirtualInterfaceInfo[] {
  if (keys.length === 0)
    throw usageError(
      ERR.MISSING_VIF,
      'hybrid failover-test needs --vif ID (repeatable)',
      'list the interfaces with `awsarch hybrid status`',
    );
  const vifs = keys.map((key) => {
    const found = snapshot.directConnect.virtualInterfaces.filter((vif) => vif.id === key || vif.name === key);
    if (found.length === 0) {
      const known = snapshot.directConnect.virtualInterfaces.map((vif) => named(vif.id, vif.name)).join(', ') || 'none';
      throw usageError(
        ERR.UNKNOWN_VIF,
        `no virtual interface "${key}" in this account and region (known: ${known})`,
        'give the dxvif- id or the name shown by `awsarch hybrid status`',
      );
    }
    if (found.length > 1)
      throw usageError(
        ERR.AMBIGUOUS_VIF,
        `${found.length} virtual interfaces are named "${key}"`,
        'give the dxvif- id instead',
      );
    return found[0] as DxVirtualInterfaceInfo;
  });
  return [...new Map(vifs.map((vif) => [vif.id, vif])).values()];
}

const refusal = (code: ErrorCode, message: string, hint: string) =>
  new AwsarchError(code, `refusing to start the failover test, nothing was changed: ${message}`, {
    hint,
  });

/**
 * Pure: checks that the test is safe and meaningful, and what should happen. Refuses (exit 4,
 * nothing changed) when the backup VPN is not healthy, since taking BGP down would then cut traffic;
 * when an interface's BGP is already down or under test; or when nothing is on Direct Connect.
 */
export function planFailoverTest(
  snapshot: HybridSnapshot,
  assessment: HybridAssessment,
  keys: readonly string[],
): FailoverPlan {
  const vifs = resolveVifs(snapshot, keys);
  for (const vif of vifs) {
    if (vif.state === 'testing')
      throw refusal(
        ERR.TEST_IN_PROGRESS,
        `a failover test is already running on ${named(vif.id, vif.name)}`,
        'wait for it to end, or stop it in the Direct Connect console',
      );
    if (!vifBgpUp(vif))
      throw refusal(
        ERR.VIF_BGP_DOWN,
        `BGP on ${named(vif.id, vif.name)} is not up (${vif.state})`,
        'a failover test needs an interface that carries traffic',
      );
  }
  if (!assessment.backup.ready) {
    throw refusal(
      ERR.BACKUP_UNHEALTHY,
      `the backup is not healthy: ${assessment.backup.reasons.join('; ') || 'no VPN can take the traffic'}`,
      'bring a VPN tunnel up (with its BGP routes) first; `awsarch hybrid status` shows why',
    );
  }
  const prefixes = assessment.prefixes.filter((prefix) => prefix.path === 'dx').map((prefix) => prefix.prefix);
  if (prefixes.length === 0)
    throw refusal(
      ERR.NOT_ON_PRIMARY,
      'no on-premises prefix routes over Direct Connect now, so there is nothing to fail over',
      'see `awsarch hybrid status`',
    );
  const testedIds = new Set(vifs.map((vif) => vif.id));
  const gateways = new Set(vifs.map((vif) => vif.directConnectGatewayId));
  const remaining = snapshot.directConnect.virtualInterfaces.filter(
    (vif) => !testedIds.has(vif.id) && gateways.has(vif.directConnectGatewayId) && vifBgpUp(vif),
  );
  return {
    vifs,
    prefixes,
    expected: remaining.length > 0 ? 'dx' : 'vpn',
    remaining,
    backupVpnIds: assessment.backup.vpnIds,
  };
}

/** Where the watched prefixes are in an assessment: all on one path, or mixed. */
export function pathOfPrefixes(assessment: HybridAssessment, prefixes: readonly string[]): PathKind | 'mixed' {
  const paths = new Set(
    prefixes.map((prefix) => assessment.prefixes.find((entry) => entry.prefix === prefix)?.path ?? 'none'),
  );
  return paths.size === 1 ? ([...paths][0] as PathKind) : 'mixed';
}
