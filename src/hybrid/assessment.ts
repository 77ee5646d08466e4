import type { ExitCode } from '../core/exit-code.js';
import type { Outcome } from '../core/outcome.js';
import type { FindingCode } from './finding-codes.js';
/** Which way traffic to an on-premises prefix leaves the transit gateway. */
export type PathKind = 'dx' | 'vpn' | 'none' | 'other';

export type Health = 'healthy' | 'degraded' | 'down';

export type Severity = 'critical' | 'warning' | 'info';

/** One thing an on-call engineer should know, in plain English. */
export interface Finding {
  /** Stable code (finding-codes.ts), e.g. dx-bgp-down, vpn-tunnel-down, path-backup. */
  code: FindingCode;
  severity: Severity;
  /** The component or prefix it is about (an id or a CIDR). */
  subject: string;
  text: string;
  /** What to change, when the finding is something to fix (the network lint always says). */
  fix?: string;
}

export type ComponentKind =
  | 'dx-connection'
  | 'dx-vif'
  | 'dx-gateway'
  | 'vpn'
  | 'vpn-tunnel'
  | 'customer-gateway'
  | 'transit-gateway'
  | 'vpc'
  | 'resolver-endpoint'
  | 'resolver-rule'
  | 'storage-gateway'
  | 'file-share'
  | 'directory'
  | 'dns-server'
  | 'account-dns';

export interface ComponentHealth {
  id: string;
  kind: ComponentKind;
  name: string;
  health: Health;
  /** A few words: "BGP up", "2 of 2 tunnels UP, 2 routes", "testing (failover test)". */
  detail: string;
  /** The component this one belongs to (a VIF's connection, a tunnel's VPN). */
  parentId?: string;
  /** True when it carries on-premises traffic now (a DX gateway or VPN on the active path). */
  active?: boolean;
}

export interface TablePath {
  routeTableId: string;
  path: PathKind;
  /** The route that matched (longest prefix first, then AWS's order for the same prefix). */
  routeCidr?: string;
  routeType?: 'static' | 'propagated';
  attachmentIds: string[];
  /** What the traffic goes to, e.g. "corp-dxgw (Direct Connect gateway)". */
  via: string;
}

export interface PrefixPath {
  prefix: string;
  /** The worst path over the route tables the VPCs use (none, then other, then vpn, then dx). */
  path: PathKind;
  tables: TablePath[];
}

/** Whether the VPN could take the traffic if Direct Connect went away (the failover test's guardrail). */
export interface BackupReadiness {
  ready: boolean;
  vpnIds: string[];
  reasons: string[];
}

export interface HybridAssessment {
  status: Health;
  /** 0 primary healthy, 4 degraded (backup path or redundancy lost), 5 no path (from healthOutcome). */
  exitCode: ExitCode;
  path: PathKind | 'mixed';
  headline: string;
  prefixes: PrefixPath[];
  components: ComponentHealth[];
  findings: Finding[];
  backup: BackupReadiness;
}

export const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

/** "10:42 UTC" for an ISO time, the way findings say when something changed. */
export function clockTime(iso: string | undefined): string | undefined {
  if (!iso) return undefined;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return undefined;
  return `${date.toISOString().slice(11, 16)} UTC`;
}

/** What a hybrid status means for a pipeline: ok when healthy, degraded (exit 4), down (exit 5). */
export function healthOutcome(status: Health): Extract<Outcome, 'ok' | 'degraded' | 'down'> {
  return status === 'healthy' ? 'ok' : status;
}
