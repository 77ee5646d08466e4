import type { FailoverFrame, FailoverOutcome, FailoverRun } from '../../hybrid/failover-result.js';
import type { HumanBlock } from '../io-host.js';
import { formatDuration } from '../render-text.js';
import { statusBlocks, topologyDiagram } from './hybrid-status.js';

/** Milliseconds below a second (a sandbox fails over in a few), else as formatDuration. */
const preciseDuration = (ms: number) => (ms < 1000 ? `${Math.round(ms)} ms` : formatDuration(ms));

const OUTCOME_TEXT: Record<FailoverOutcome, string> = {
  'failed-over': 'traffic failed over to the VPN',
  'stayed-on-dx': 'traffic stayed on Direct Connect over the interfaces not under test',
  'no-failover': 'the path did not move before the test ended',
  'traffic-dropped': 'traffic was dropped: an on-premises prefix had no path (the test was stopped at once)',
};

/** A live frame of the test: the phase, then the topology as it is now. */
export function failoverFrameView(frame: FailoverFrame): HumanBlock[] {
  const alarmLine = frame.alarming.length > 0 ? [`Hybrid alarms in ALARM: ${frame.alarming.join(', ')}`] : [];
  return [
    { kind: 'text', lines: [`Failover test: ${frame.phase.description}`, ...alarmLine] },
    ...statusBlocks(frame.observed),
  ];
}

/** The test's outcome, both times, the test history, and the topology during the test. */
export function failoverView(run: FailoverRun): HumanBlock[] {
  const { data } = run;
  const time = (ms: number | undefined) =>
    ms === undefined
      ? 'not observed'
      : `${preciseDuration(ms)} (the path was read every ${preciseDuration(data.pollIntervalMs)})`;
  const human: HumanBlock[] = [
    {
      kind: 'text',
      lines: [
        `BGP failover test: ${OUTCOME_TEXT[data.outcome]}; ${data.failbackMs === undefined ? 'it did NOT come back to Direct Connect in time' : `back on Direct Connect ${preciseDuration(data.failbackMs)} after the test ${data.ended === 'stopped' ? 'was stopped' : 'expired'}`}.`,
      ],
    },
    {
      kind: 'keyValue',
      entries: [
        ['Interfaces', data.vifs.map((vif) => `${vif.id} (${vif.name})`).join(', ')],
        ['Prefixes', data.prefixes.join(', ')],
        ['Expected during the test', data.expected === 'vpn' ? 'VPN (backup)' : 'Direct Connect (other interfaces)'],
        ['Fail-over time', data.outcome === 'failed-over' ? time(data.failoverMs) : OUTCOME_TEXT[data.outcome]],
        ['Fail-back time', time(data.failbackMs)],
        ['Test ended', data.ended === 'stopped' ? 'stopped (StopBgpFailoverTest)' : 'expired after its duration'],
      ],
    },
    {
      kind: 'table',
      title: 'Test history',
      columns: ['TEST', 'INTERFACE', 'STATUS', 'START', 'END', 'MINUTES'],
      rows: data.tests.map((test) => [
        test.testId,
        test.virtualInterfaceId,
        test.status,
        test.startTime ?? '-',
        test.endTime ?? '-',
        String(test.durationMinutes ?? '-'),
      ]),
    },
  ];
  human.push(alarmBlock(run));
  if (run.during) {
    human.push({
      kind: 'diagram',
      title: `During the test: ${run.during.assessment.headline}`,
      columns: topologyDiagram(run.during.snapshot, run.during.assessment),
    });
  }
  return human;
}

/** Which hybrid alarms fired during the test and whether they cleared after it. */
function alarmBlock(run: FailoverRun): HumanBlock {
  const { alarms, alarmsNote } = run.data;
  if (alarms.length === 0) return { kind: 'text', lines: [`Alarms: ${alarmsNote ?? 'none'}.`] };
  const fired = alarms.filter((alarm) => alarm.firedAfterMs !== undefined);
  const title =
    fired.length === 0
      ? `Alarms: none of the ${alarms.length} hybrid alarms fired during the test (CloudWatch evaluates them every period, 300 s; a shorter test can pass unseen).`
      : `Alarms: ${fired.length} of ${alarms.length} fired during the test; ${fired.filter((alarm) => alarm.clearedAfterMs !== undefined).length} cleared after it.`;
  return {
    kind: 'table',
    title,
    columns: ['ALARM', 'BEFORE', 'DURING', 'AFTER', 'FIRED', 'CLEARED'],
    rows: alarms.map((alarm) => [
      alarm.name,
      alarm.before ?? '-',
      alarm.during ?? '-',
      alarm.after ?? '-',
      alarm.firedAfterMs === undefined ? '-' : `${preciseDuration(alarm.firedAfterMs)} after the start`,
      alarm.clearedAfterMs === undefined ? '-' : `${preciseDuration(alarm.clearedAfterMs)} after the end`,
    ]),
  };
}
