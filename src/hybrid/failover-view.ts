import { ExitCode } from '../core/errors.js';
import { toDocument, type JsonDocument } from '../documents/document.js';
import type { CommandResult, HumanBlock } from '../ui/io-host.js';
import { formatDuration } from '../ui/render-text.js';
import type { HybridAssessment } from './assessment.js';
import type { FailoverPlan } from './failover-plan.js';
import type { DxFailoverTestInfo } from './snapshot.js';
import { topologyDiagram, type HybridStatusData } from './status-view.js';

/** failed-over: moved to the VPN; stayed-on-dx: the other interfaces kept it; no-failover: the test ended first; traffic-dropped: a prefix lost its path. */
export type FailoverOutcome = 'failed-over' | 'stayed-on-dx' | 'no-failover' | 'traffic-dropped';

type PathSummary = Pick<HybridAssessment, 'status' | 'path' | 'headline'>;

/** What `hybrid failover-test` reports (its document: hybrid-failover-test). */
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
}

export interface FailoverRun {
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
}

/** Milliseconds below a second (a sandbox fails over in a few), else as formatDuration. */
const preciseDuration = (ms: number) => (ms < 1000 ? `${Math.round(ms)} ms` : formatDuration(ms));

const summary = (data: HybridStatusData | undefined): PathSummary | undefined =>
  data && { status: data.assessment.status, path: data.assessment.path, headline: data.assessment.headline };

const OUTCOME_TEXT: Record<FailoverOutcome, string> = {
  'failed-over': 'traffic failed over to the VPN',
  'stayed-on-dx': 'traffic stayed on Direct Connect over the interfaces not under test',
  'no-failover': 'the path did not move before the test ended',
  'traffic-dropped': 'traffic was dropped: an on-premises prefix had no path (the test was stopped at once)',
};

/** 0 when traffic moved as expected and came back; 5 when it was dropped; 4 otherwise. */
export function failoverExitCode(run: Pick<FailoverRun, 'outcome' | 'failbackMs'>): 0 | 4 | 5 {
  if (run.outcome === 'traffic-dropped') return ExitCode.Down;
  return (run.outcome === 'failed-over' || run.outcome === 'stayed-on-dx') && run.failbackMs !== undefined
    ? ExitCode.Ok
    : ExitCode.Degraded;
}

export function failoverResult(run: FailoverRun): CommandResult<JsonDocument<'hybrid-failover-test'>> {
  const tests = run.history.length > 0 ? run.history : run.started;
  const data: FailoverTestData = {
    vifs: run.plan.vifs.map((vif) => ({ id: vif.id, name: vif.name })),
    prefixes: run.plan.prefixes,
    expected: run.plan.expected,
    outcome: run.outcome,
    failoverMs: run.failoverMs,
    failbackMs: run.failbackMs,
    ended: run.ended,
    pollIntervalMs: run.intervalMs,
    tests,
    before: summary(run.before) as PathSummary,
    during: summary(run.during),
    after: summary(run.after),
  };
  const time = (ms: number | undefined) =>
    ms === undefined
      ? 'not observed'
      : `${preciseDuration(ms)} (the path was read every ${preciseDuration(run.intervalMs)})`;
  const human: HumanBlock[] = [
    {
      kind: 'text',
      lines: [
        `BGP failover test: ${OUTCOME_TEXT[run.outcome]}; ${run.failbackMs === undefined ? 'it did NOT come back to Direct Connect in time' : `back on Direct Connect ${preciseDuration(run.failbackMs)} after the test ${run.ended === 'stopped' ? 'was stopped' : 'expired'}`}.`,
      ],
    },
    {
      kind: 'keyValue',
      entries: [
        ['Interfaces', data.vifs.map((vif) => `${vif.id} (${vif.name})`).join(', ')],
        ['Prefixes', data.prefixes.join(', ')],
        ['Expected during the test', data.expected === 'vpn' ? 'VPN (backup)' : 'Direct Connect (other interfaces)'],
        ['Fail-over time', run.outcome === 'failed-over' ? time(run.failoverMs) : OUTCOME_TEXT[run.outcome]],
        ['Fail-back time', time(run.failbackMs)],
        ['Test ended', run.ended === 'stopped' ? 'stopped (StopBgpFailoverTest)' : 'expired after its duration'],
      ],
    },
    {
      kind: 'table',
      title: 'Test history',
      columns: ['TEST', 'INTERFACE', 'STATUS', 'START', 'END', 'MINUTES'],
      rows: tests.map((test) => [
        test.testId,
        test.virtualInterfaceId,
        test.status,
        test.startTime ?? '-',
        test.endTime ?? '-',
        String(test.durationMinutes ?? '-'),
      ]),
    },
  ];
  if (run.during) {
    human.push({
      kind: 'diagram',
      title: `During the test: ${run.during.assessment.headline}`,
      columns: topologyDiagram(run.during.snapshot, run.during.assessment),
    });
  }
  return { data: toDocument('hybrid-failover-test', data), human, exitCode: failoverExitCode(run) };
}
