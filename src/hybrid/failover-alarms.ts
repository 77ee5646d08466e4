import type { AwsClients } from '../aws/clients.js';
import { isAwsarchError } from '../core/errors.js';
import type { AlarmStateValue, ExistingAlarm } from './alarms/alarm-plan.js';
import { readHybridAlarms } from './alarms/alarms-read.js';
import type { DxFailoverTestInfo } from './snapshot.js';

/** What one hybrid alarm did during a failover test. */
export interface FailoverAlarm {
  name: string;
  before?: AlarmStateValue;
  /** The worst state seen while BGP was down (ALARM beats INSUFFICIENT_DATA beats OK). */
  during?: AlarmStateValue;
  after?: AlarmStateValue;
  /** When the alarm went to ALARM during the test (its StateUpdatedTimestamp, AWS's clock). */
  firedAt?: string;
  /** When it was OK again after firing. */
  clearedAt?: string;
  /** From the start of the test to firedAt, and from the end of the test to clearedAt (both AWS's times). */
  firedAfterMs?: number;
  clearedAfterMs?: number;
}

type TestTimes = Pick<DxFailoverTestInfo, 'virtualInterfaceId' | 'startTime' | 'endTime'>;

const RANK: Record<AlarmStateValue, number> = { OK: 0, INSUFFICIENT_DATA: 1, ALARM: 2 };
const worse = (a: AlarmStateValue | undefined, b: AlarmStateValue | undefined) =>
  a === undefined ? b : b === undefined ? a : RANK[b] > RANK[a] ? b : a;

/**
 * Follows awsarch's hybrid alarms through a failover test (one DescribeAlarms per read of the path):
 * which fired while BGP was down and whether they cleared after. Inactive when there are none, or they
 * cannot be read; the test does not depend on them.
 */
export class FailoverAlarmWatch {
  private readonly alarms = new Map<string, FailoverAlarm>();
  /** The virtual interface an alarm watches (its VirtualInterfaceId dimension), to time it from that interface's test. */
  private readonly interfaces = new Map<string, string>();
  private startedAt?: number;
  private endedAt?: number;
  /** Why alarms are not followed, when they are not. */
  note?: string;

  private constructor(private readonly aws: AwsClients | undefined) {}

  /** Reads the alarms once before the test; the watch is inactive when there are none. */
  static async start(aws: AwsClients): Promise<FailoverAlarmWatch> {
    try {
      const alarms = await readHybridAlarms(aws);
      if (alarms.length === 0) {
        const watch = new FailoverAlarmWatch(undefined);
        watch.note = 'no hybrid alarms to follow (`awsarch hybrid alarms apply` creates them)';
        return watch;
      }
      const watch = new FailoverAlarmWatch(aws);
      for (const alarm of alarms) watch.alarms.set(alarm.name, { name: alarm.name, before: alarm.state });
      return watch;
    } catch (error) {
      const watch = new FailoverAlarmWatch(undefined);
      watch.note = `the hybrid alarms could not be read, so they are not followed: ${isAwsarchError(error) ? error.message : String(error)}`;
      return watch;
    }
  }

  get active(): boolean {
    return this.aws !== undefined;
  }

  testStarted(at: number): void {
    this.startedAt = at;
  }

  testEnded(at: number): void {
    this.endedAt = at;
  }

  /** Reads the alarms (when active) and records what changed; returns the alarms now in ALARM. */
  async read(): Promise<string[]> {
    if (!this.aws) return [];
    this.record(await readHybridAlarms(this.aws));
    return [...this.alarms.values()].filter((alarm) => alarm.after === 'ALARM').map((alarm) => alarm.name);
  }

  /** Pure bookkeeping of one read, for tests too. */
  record(alarms: readonly ExistingAlarm[]): void {
    const running = this.startedAt !== undefined && this.endedAt === undefined;
    for (const alarm of alarms) {
      const entry = this.alarms.get(alarm.name) ?? { name: alarm.name };
      const vif = alarm.dimensions.find((dimension) => dimension.name === 'VirtualInterfaceId')?.value;
      if (vif) this.interfaces.set(alarm.name, vif);
      entry.after = alarm.state;
      if (running) entry.during = worse(entry.during, alarm.state);
      if (alarm.state === 'ALARM' && entry.firedAt === undefined && this.startedAt !== undefined)
        entry.firedAt = alarm.stateUpdated ?? new Date().toISOString();
      if (alarm.state === 'OK' && entry.firedAt !== undefined && entry.clearedAt === undefined)
        entry.clearedAt = alarm.stateUpdated ?? new Date().toISOString();
      this.alarms.set(alarm.name, entry);
    }
  }

  /** Alarms that fired during the test and are not OK again yet. */
  uncleared(): string[] {
    return [...this.alarms.values()]
      .filter((alarm) => alarm.firedAt !== undefined && alarm.clearedAt === undefined)
      .map((alarm) => alarm.name);
  }

  /**
   * Every alarm, with how long after the test's start it fired and after its end it cleared (in AWS's
   * times): the test of the interface the alarm watches, else the first start and the last end.
   */
  summary(tests: readonly TestTimes[]): FailoverAlarm[] {
    const since = (from: string | undefined, to: string | undefined) =>
      from && to ? Math.max(0, Date.parse(to) - Date.parse(from)) : undefined;
    const first = tests.map((test) => test.startTime ?? '').sort()[0] || undefined;
    const last =
      tests
        .map((test) => test.endTime ?? '')
        .sort()
        .at(-1) || undefined;
    return [...this.alarms.values()]
      .map((alarm) => {
        const own = tests.find((test) => test.virtualInterfaceId === this.interfaces.get(alarm.name));
        return {
          ...alarm,
          firedAfterMs: since(own?.startTime ?? first, alarm.firedAt),
          clearedAfterMs: since(own?.endTime ?? last, alarm.clearedAt),
        };
      })
      .sort((a, b) => a.name.localeCompare(b.name));
  }
}
