import type { AwsClients } from '../aws/clients.js';
import { isAwsarchError } from '../core/errors.js';
import type { ExistingAlarm } from './alarms/alarm-plan.js';
import { readHybridAlarms } from './alarms/alarms-read.js';

/** What one hybrid alarm did during a failover test. */
export interface FailoverAlarm {
  name: string;
  before?: string;
  /** The worst state seen while BGP was down (ALARM beats INSUFFICIENT_DATA beats OK). */
  during?: string;
  after?: string;
  /** From the start of the test to the first read showing the alarm in ALARM. */
  firedAfterMs?: number;
  /** From the end of the test to the first read showing it OK again (after it fired). */
  clearedAfterMs?: number;
}

const RANK: Record<string, number> = { OK: 0, INSUFFICIENT_DATA: 1, ALARM: 2 };
const worse = (a: string | undefined, b: string | undefined) =>
  a === undefined ? b : b === undefined ? a : (RANK[b] ?? 0) > (RANK[a] ?? 0) ? b : a;

/**
 * Follows awsarch's hybrid alarms through a failover test (one DescribeAlarms per read of the path):
 * which fired while BGP was down and whether they cleared after. Inactive when there are none, or they
 * cannot be read; the test does not depend on them.
 */
export class FailoverAlarmWatch {
  private readonly alarms = new Map<string, FailoverAlarm>();
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
  async read(at: number): Promise<string[]> {
    if (!this.aws) return [];
    this.record(await readHybridAlarms(this.aws), at);
    return [...this.alarms.values()].filter((alarm) => alarm.after === 'ALARM').map((alarm) => alarm.name);
  }

  /** Pure bookkeeping of one read, for tests too. */
  record(alarms: readonly ExistingAlarm[], at: number): void {
    const running = this.startedAt !== undefined && this.endedAt === undefined;
    for (const alarm of alarms) {
      const entry = this.alarms.get(alarm.name) ?? { name: alarm.name };
      entry.after = alarm.state;
      if (running) entry.during = worse(entry.during, alarm.state);
      if (alarm.state === 'ALARM' && entry.firedAfterMs === undefined && this.startedAt !== undefined)
        entry.firedAfterMs = at - this.startedAt;
      if (
        alarm.state === 'OK' &&
        entry.firedAfterMs !== undefined &&
        entry.clearedAfterMs === undefined &&
        this.endedAt !== undefined
      )
        entry.clearedAfterMs = at - this.endedAt;
      this.alarms.set(alarm.name, entry);
    }
  }

  summary(): FailoverAlarm[] {
    return [...this.alarms.values()].sort((a, b) => a.name.localeCompare(b.name));
  }
}
