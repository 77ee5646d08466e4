import type { AlarmsApplyData } from '../hybrid/alarms/alarms-apply.js';
import type { AlarmsStatusData } from '../hybrid/alarms/alarms-status.js';
import type { HybridAssessment } from '../hybrid/assessment.js';
import type { StatusChanges } from '../hybrid/changes.js';
import type { HybridSnapshot } from '../hybrid/snapshot.js';
import type { HybridStatusData, WatchSummary } from '../hybrid/status.js';
import { toDocument, type DocumentBody, type JsonDocument } from './document.js';

type Snapshot = DocumentBody<'hybrid-status'>['snapshot'];
type Assessment = DocumentBody<'hybrid-status'>['assessment'];

/** The snapshot as documents give it: each Resolver IP with its zone (rather than a subnet -> zone lookup table). */
export function publicSnapshot(snapshot: HybridSnapshot): Snapshot {
  const { dns, ...rest } = snapshot;
  const { subnetZones, ...records } = dns;
  return {
    ...rest,
    dns: {
      ...records,
      endpoints: records.endpoints.map((endpoint) => ({
        ...endpoint,
        ipAddresses: endpoint.ipAddresses.map((address) => ({
          ...address,
          availabilityZone: subnetZones?.[address.subnetId],
        })),
      })),
    },
  };
}

/** The assessment without the exit code it implies: the status says it, and the exit code is the command's. */
export function publicAssessment(assessment: HybridAssessment): Assessment {
  const { exitCode: _exitCode, ...rest } = assessment;
  return rest;
}

export function hybridStatusDocument(snapshot: HybridSnapshot, assessment: HybridAssessment) {
  return toDocument('hybrid-status', {
    snapshot: publicSnapshot(snapshot),
    assessment: publicAssessment(assessment),
  });
}

/** One refresh of `--watch`: what changed, as ids and prefixes (the human lines stay in the view). */
export function hybridStatusFrameDocument(
  snapshot: HybridSnapshot,
  assessment: HybridAssessment,
  changes: StatusChanges,
): JsonDocument<'hybrid-status-frame'> {
  const { lines: _lines, ...changed } = changes;
  return toDocument('hybrid-status-frame', {
    snapshot: publicSnapshot(snapshot),
    assessment: publicAssessment(assessment),
    changes: changed,
  });
}

export function hybridStatusWatchDocument(
  refreshes: number,
  last: HybridAssessment | undefined,
): JsonDocument<'hybrid-status-watch'> {
  return toDocument('hybrid-status-watch', {
    watch: { refreshes, last: last && { status: last.status, path: last.path, headline: last.headline } },
  });
}

type FailoverPhase = DocumentBody<'hybrid-failover-test-frame'>['phase'];

/** A change of the path seen during a failover test: which phase, and where each prefix goes now. */
export function failoverFrameDocument(
  phase: { phase: FailoverPhase; description: string },
  assessment: HybridAssessment,
  at: number,
  alarming: readonly string[],
): JsonDocument<'hybrid-failover-test-frame'> {
  return toDocument('hybrid-failover-test-frame', {
    phase: phase.phase,
    description: phase.description,
    at: new Date(at).toISOString(),
    status: assessment.status,
    path: assessment.path,
    headline: assessment.headline,
    prefixes: assessment.prefixes.map(({ prefix, path }) => ({ prefix, path })),
    alarming,
  });
}

export function hybridAlarmsApplyDocument(data: AlarmsApplyData): JsonDocument<'hybrid-alarms-apply'> {
  return toDocument('hybrid-alarms-apply', data);
}

export function hybridAlarmsStatusDocument(data: AlarmsStatusData): JsonDocument<'hybrid-alarms-status'> {
  return toDocument('hybrid-alarms-status', data);
}

/** `hybrid status`: the status document, or after --watch the watch's summary. */
export function hybridStatusResultDocument(
  result: HybridStatusData | WatchSummary,
): JsonDocument<'hybrid-status'> | JsonDocument<'hybrid-status-watch'> {
  return 'watch' in result
    ? hybridStatusWatchDocument(result.watch.refreshes, result.watch.last)
    : hybridStatusDocument(result.snapshot, result.assessment);
}

/** One refresh of `hybrid status --watch` (every refresh knows what changed since the one before). */
export function hybridStatusLiveDocument(
  frame: HybridStatusData,
): JsonDocument<'hybrid-status-frame'> | JsonDocument<'hybrid-status'> {
  return frame.changes
    ? hybridStatusFrameDocument(frame.snapshot, frame.assessment, frame.changes)
    : hybridStatusDocument(frame.snapshot, frame.assessment);
}
