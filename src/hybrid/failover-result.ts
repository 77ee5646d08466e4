import type { Outcome } from '../core/outcome.js';
import type { HybridAssessment } from './assessment.js';
import type { FailoverAlarm } from './failover-alarms.js';
import type { FailoverPlan } from './failover-plan.js';
import type { DxFailoverTestInfo } from './snapshot.js';
import type { HybridStatusData } from './status.js';

/**
 * failed-over: moved to the VPN; stayed-on-dx: the other interfaces kept it; no-failover: the test ended
 * first; traffic-dropped: a prefix lost its path.
 */
export type FailoverOutcome = 'failed-over' | 'stayed-on-dx' | 'no-failover' | 'traffic-dropped';

type PathSummary = Pick<HybridAssessment, 'status' | 'path' | 'headline'>;

/** The JSON of `hybrid failover-test`. */
export interface FailoverTestData {
  vifs: Array<{ id: string; name: string }>;
  prefixes: string[];
  expected: 'dx' | 'vpn';
  outcome: FailoverOutcome;
  /** From the start of the test to the first read showing the prefixes on the VPN. */
  failoverMs?: number;
  /** From the end of the test to the first read showing them back on Direct Connect. */
  failbackMs?: number;
  ended: 'stopped' | 'expired';
  /** The path was read this often, so the times are accurate to about this much. */
  pollIntervalMs: number;
  tests: DxFailoverTestInfo[];
  before: PathSummary;
  during?: PathSummary;
  after?: PathSummary;
  /** What each hybrid alarm did during the test (empty when there are none). */
  alarms: FailoverAlarm[];
  /** Why alarms were not followed, when they were not. */
  alarmsNote?: string;
}

/** What the action returns: the JSON, and the reads behind it (for the view's diagram). */
export interface FailoverRun {
  data: FailoverTestData;
  plan: FailoverPlan;
  before: HybridStatusData;
  during?: HybridStatusData;
  after?: HybridStatusData;
}

/** What a failover test saw, as it happened. */
export interface FailoverObservations {
  plan: FailoverPlan;
  started: DxFailoverTestInfo[];
  history: DxFailoverTestInfo[];
  outcome: FailoverOutcome;
  failoverMs?: number;
  failbackMs?: number;
  ended: 'stopped' | 'expired';
  intervalMs: number;
  before: HybridStatusData;
  during?: HybridStatusData;
  after?: HybridStatusData;
  alarms: FailoverAlarm[];
  alarmsNote?: string;
}

/** Where a test is: its phase (for pipelines) and the phase in words. */
export interface FailoverPhase {
  phase: 'precheck' | 'failover' | 'expiry' | 'failback';
  description: string;
}

/** One live frame of a test: a change of the path or of the health, read during a phase. */
export interface FailoverFrame {
  phase: FailoverPhase;
  at: number;
  observed: HybridStatusData;
  /** Hybrid alarms in ALARM at that read. */
  alarming: string[];
}

const summary = (data: HybridStatusData | undefined): PathSummary | undefined =>
  data && { status: data.assessment.status, path: data.assessment.path, headline: data.assessment.headline };

/** Pure: the run's JSON from what it saw. */
export function failoverRun(seen: FailoverObservations): FailoverRun {
  const data: FailoverTestData = {
    vifs: seen.plan.vifs.map((vif) => ({ id: vif.id, name: vif.name })),
    prefixes: seen.plan.prefixes,
    expected: seen.plan.expected,
    outcome: seen.outcome,
    failoverMs: seen.failoverMs,
    failbackMs: seen.failbackMs,
    ended: seen.ended,
    pollIntervalMs: seen.intervalMs,
    tests: seen.history.length > 0 ? seen.history : seen.started,
    before: summary(seen.before) as PathSummary,
    during: summary(seen.during),
    after: summary(seen.after),
    alarms: seen.alarms,
    alarmsNote: seen.alarmsNote,
  };
  return { data, plan: seen.plan, before: seen.before, during: seen.during, after: seen.after };
}

/** Ok when traffic moved as expected and came back; down (5) when it was dropped; degraded (4) otherwise. */
export function failoverTestOutcome(data: Pick<FailoverTestData, 'outcome' | 'failbackMs'>): Outcome {
  if (data.outcome === 'traffic-dropped') return 'down';
  return (data.outcome === 'failed-over' || data.outcome === 'stayed-on-dx') && data.failbackMs !== undefined
    ? 'ok'
    : 'degraded';
}
