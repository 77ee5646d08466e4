import type { ComponentHealth, Finding, Health } from './assessment.js';
import type { FileShareInfo, StorageGatewayInfo, StorageGatewaySnapshot } from './snapshot.js';
import { named } from './topology.js';
import { FINDING } from './finding-codes.js';

/** AWS's recommended alarm thresholds for a file gateway (S3 File Gateway user guide, "Understanding CloudWatch alarms"). */
export const CACHE_DIRTY_WARNING_PERCENT = 80;
const UPLOAD_BUFFER_WARNING_PERCENT = 80;
/** How long before the end of software updates (or deprecation) it becomes a warning. */
const END_OF_SUPPORT_WARNING_DAYS = 90;

/** File share states that come and go during normal operation. */
const TRANSIENT_SHARE_STATES = new Set(['CREATING', 'UPDATING']);

const percent = (value: number) => `${Math.round(value * 10) / 10}%`;

function daysUntil(date: string | undefined, nowIso: string): number | undefined {
  if (!date) return undefined;
  const when = Date.parse(date);
  const now = Date.parse(nowIso);
  if (Number.isNaN(when) || Number.isNaN(now)) return undefined;
  return Math.floor((when - now) / 86_400_000);
}

/** Why a gateway cannot serve its shares, or undefined when it is up. */
function offlineReason(gateway: StorageGatewayInfo): string | undefined {
  if (!gateway.connected) return 'is offline: AWS cannot reach it (GatewayNotConnected)';
  if (gateway.operationalState && gateway.operationalState !== 'ACTIVE') return `is ${gateway.operationalState}`;
  if (gateway.state && gateway.state !== 'RUNNING') return `is ${gateway.state}`;
  return undefined;
}

function shareHealth(share: FileShareInfo, gatewayDown: boolean): Health {
  if (gatewayDown) return 'down';
  if (share.status === 'AVAILABLE') return 'healthy';
  return TRANSIENT_SHARE_STATES.has(share.status) ? 'degraded' : 'down';
}

function assessGateway(
  gateway: StorageGatewayInfo,
  shares: readonly FileShareInfo[],
  collectedAt: string,
  out: { components: ComponentHealth[]; findings: Finding[] },
): void {
  const label = `Storage Gateway ${named(gateway.id, gateway.name)}`;
  const down = offlineReason(gateway);
  let health: Health = down ? 'down' : 'healthy';
  const details: string[] = [
    gateway.type,
    down ? (gateway.connected ? (gateway.state ?? 'down') : 'offline') : 'RUNNING',
  ];
  if (down) {
    out.findings.push({
      code: FINDING.SGW_OFFLINE,
      severity: 'warning',
      subject: gateway.id,
      text: `${label} ${down}${shares.length > 0 ? `: its ${shares.length === 1 ? 'file share' : `${shares.length} file shares`} (${shares.map((share) => share.name ?? share.id).join(', ')}) cannot be used` : ''}`,
      fix: gateway.connected
        ? 'start the gateway VM (or appliance) again; it reconnects by itself'
        : 'check the gateway VM on-premises: it must be running and reach AWS (the Storage Gateway endpoints over port 443, through Direct Connect or the internet)',
    });
  }
  if (!down && gateway.cache) {
    details.push(`cache ${percent(gateway.cache.usedPercent)} used, ${percent(gateway.cache.dirtyPercent)} dirty`);
    if (gateway.cache.dirtyPercent > CACHE_DIRTY_WARNING_PERCENT) {
      health = 'degraded';
      out.findings.push({
        code: FINDING.SGW_CACHE_DIRTY,
        severity: 'warning',
        subject: gateway.id,
        text: `${label} has ${percent(gateway.cache.dirtyPercent)} of its cache not yet uploaded to AWS (over ${CACHE_DIRTY_WARNING_PERCENT}%): writes will slow down, then stall, when it is full`,
        fix: 'give the gateway more upload bandwidth (Direct Connect, bandwidth rate limits) or a larger cache disk',
      });
    }
  }
  if (!down && gateway.uploadBuffer && gateway.uploadBuffer.allocatedBytes > 0) {
    const used = (gateway.uploadBuffer.usedBytes / gateway.uploadBuffer.allocatedBytes) * 100;
    details.push(`upload buffer ${percent(used)} used`);
    if (used > UPLOAD_BUFFER_WARNING_PERCENT) {
      health = 'degraded';
      out.findings.push({
        code: FINDING.SGW_UPLOAD_BUFFER,
        severity: 'warning',
        subject: gateway.id,
        text: `${label} has used ${percent(used)} of its upload buffer: uploads to AWS are falling behind`,
        fix: 'add upload buffer disks or more upload bandwidth',
      });
    }
  }
  if (gateway.nextUpdateAvailabilityDate) {
    details.push('software update pending');
    out.findings.push({
      code: FINDING.SGW_UPDATE_AVAILABLE,
      severity: 'info',
      subject: gateway.id,
      text: `${label} has a software update available (${gateway.nextUpdateAvailabilityDate}); it applies in the gateway's maintenance window`,
      fix: 'let the maintenance window apply it, or apply it now from the Storage Gateway console',
    });
  }
  for (const [what, date] of [
    ['software updates end', gateway.softwareUpdatesEndDate],
    ['the gateway version is deprecated', gateway.deprecationDate],
  ] as const) {
    const days = daysUntil(date, collectedAt);
    if (days === undefined || days > END_OF_SUPPORT_WARNING_DAYS) continue;
    if (health === 'healthy') health = 'degraded';
    out.findings.push({
      code: FINDING.SGW_END_OF_SUPPORT,
      severity: 'warning',
      subject: gateway.id,
      text: `${label}: ${what} ${days < 0 ? `since ${date}` : `on ${date} (in ${days} days)`}`,
      fix: 'replace the gateway with one on a supported version (a new gateway VM, then move the file shares)',
    });
  }
  out.components.push({
    id: gateway.id,
    kind: 'storage-gateway',
    name: gateway.name,
    health,
    detail: details.join(', '),
  });
  for (const share of shares) {
    const sHealth = shareHealth(share, down !== undefined);
    out.components.push({
      id: share.id,
      kind: 'file-share',
      name: share.name ?? share.id,
      health: sHealth,
      detail: `${share.type}, ${down ? 'unreachable' : share.status}${share.location ? ` -> ${share.location}` : ''}`,
      parentId: gateway.id,
    });
    if (!down && share.status !== 'AVAILABLE') {
      out.findings.push({
        code: FINDING.SGW_SHARE_STATUS,
        severity: TRANSIENT_SHARE_STATES.has(share.status) ? 'info' : 'warning',
        subject: share.id,
        text: `${share.type} file share ${named(share.id, share.name)} on ${label} is ${share.status}`,
        fix: TRANSIENT_SHARE_STATES.has(share.status)
          ? undefined
          : 'see the gateway health logs (CloudWatch Logs) for why the share is not available',
      });
    }
  }
}

/** Storage Gateway: each gateway (reachable, software, cache, upload buffer) and its file shares. Absent when there is none. */
export function assessStorageGateway(
  snapshot: StorageGatewaySnapshot,
  collectedAt: string,
): { components: ComponentHealth[]; findings: Finding[] } {
  const out = { components: [] as ComponentHealth[], findings: [] as Finding[] };
  for (const gateway of snapshot.gateways) {
    const shares = snapshot.fileShares.filter((share) => share.gatewayArn === gateway.arn);
    assessGateway(gateway, shares, collectedAt, out);
  }
  return out;
}
