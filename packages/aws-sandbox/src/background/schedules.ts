import { randomUUID } from 'node:crypto';
import type { StateStore } from '../state.js';
import { AsyncJournal } from './async-journal.js';
import type { ServerResources } from '../server-resources.js';
import { deliverToTargets } from '../services/eventbridge/delivery.js';
import { allRegions } from '../services/eventbridge/model.js';
import { eventTime } from '../services/eventbridge/put-events.js';

const UNITS: Readonly<Record<string, number>> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

/** The period of an EventBridge rate expression (rate(5 minutes), rate(1 hour)); undefined for cron() and anything else. */
export function ratePeriodMs(expression: string): number | undefined {
  const match = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expression.trim());
  if (!match) return undefined;
  const value = Number(match[1]);
  const word = match[2] as string;
  // AWS wants the singular for 1 and the plural otherwise.
  if (value < 1 || (value === 1) === word.endsWith('s')) return undefined;
  return value * (UNITS[word.replace(/s$/, '')] as number);
}

/** The event a scheduled rule sends its targets. */
export function scheduledEvent(
  ruleArn: string,
  accountId: string,
  region: string,
  at: number,
): Record<string, unknown> {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: accountId,
    time: eventTime(at),
    region,
    resources: [ruleArn],
    detail: {},
  };
}

/**
 * Fires the enabled rules with a rate() schedule: the first time one period after the runner started (or
 * the rule appeared), then every period, in real time. cron() expressions are not run by the sandbox.
 */
export class RuleScheduler {
  private readonly nextFire = new Map<string, number>();

  constructor(
    private readonly store: StateStore,
    private readonly resources: ServerResources,
    private readonly stateDir: string,
  ) {}

  async tick(now: number): Promise<void> {
    await this.store.transact(async (tx) => {
      let changed = false;
      const seen = new Set<string>();
      for (const { accountId, region, slice } of allRegions(tx.state)) {
        for (const rules of Object.values(slice.rules)) {
          for (const rule of Object.values(rules)) {
            const period =
              rule.state === 'ENABLED' && rule.scheduleExpression ? ratePeriodMs(rule.scheduleExpression) : undefined;
            if (period === undefined) continue;
            seen.add(rule.arn);
            const due = this.nextFire.get(rule.arn) ?? now + period;
            if (due > now) {
              this.nextFire.set(rule.arn, due);
              continue;
            }
            this.nextFire.set(rule.arn, due + period * Math.max(1, Math.ceil((now - due) / period)));
            const journal = AsyncJournal.of(this.resources, this.stateDir);
            deliverToTargets(
              { state: tx.state, stateDir: this.stateDir, now, journal },
              slice,
              rule,
              scheduledEvent(rule.arn, accountId, region, now),
            );
            changed = true;
          }
        }
      }
      for (const arn of this.nextFire.keys()) if (!seen.has(arn)) this.nextFire.delete(arn);
      if (changed) await tx.persist();
    });
  }
}
