import { InvalidArgumentError } from 'commander';
import { usageError } from '../../core/errors.js';
import { ERR } from '../../core/error-codes.js';
import { MSG } from '../../core/message-codes.js';
import type { MessageCode } from '../../core/codes.js';

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const DAY_MS = 86_400_000;
/** EventBridge recommends waiting this long before replaying, as events reach the archive with a delay. */
export const ARCHIVE_DELAY_MS = 10 * 60_000;
/** DescribeArchive's EventCount and SizeBytes are reconciled within this long. */
const COUNT_RECONCILIATION_MS = DAY_MS;

/**
 * A --from/--to value: an ISO-8601 time (2026-11-24T08:00:00Z, a date, an offset), `now`, or how long ago
 * (90m, 6h, 7d, 2w). Pure; throws commander's InvalidArgumentError with the accepted forms.
 */
export function parseReplayTime(text: string, now: number): number {
  const value = text.trim();
  if (value === 'now') return now;
  const ago = /^(\d+(?:\.\d+)?)([smhdw])(?:\s*ago)?$/.exec(value);
  if (ago) return now - Math.round(Number(ago[1]) * (UNIT_MS[ago[2] as string] ?? 0));
  if (/^\d{4}-\d{2}-\d{2}/.test(value)) {
    const parsed = Date.parse(value);
    if (Number.isFinite(parsed)) return parsed;
  }
  throw new InvalidArgumentError(
    `expected an ISO-8601 time (2026-11-24T08:00:00Z), "now", or a time ago such as 90m, 6h, 7d; got "${text}"`,
  );
}

/** What DescribeArchive says about the archive a replay reads. */
export interface ArchiveFacts {
  readonly name: string;
  readonly arn: string;
  readonly eventSourceArn: string;
  readonly state: string;
  /** 0: events are kept indefinitely. */
  readonly retentionDays: number;
  readonly eventCount: number;
  readonly sizeBytes: number;
  readonly creationTime: number;
}

export interface ReplayWindowPlan {
  readonly start: number;
  readonly end: number;
  /** Where the archive's events of the window begin (after retention), for the share of the window that can hold events. */
  readonly earliestHeld: number;
  readonly warnings: ReadonlyArray<{ readonly message: MessageCode<'warn'>; readonly text: string }>;
}

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

/**
 * Checks a replay before anything starts (pure): refuses a window that is empty, in the future, or
 * entirely past the archive's retention, an archive that is not enabled or (once its counts are
 * reconciled) holds nothing, and a replay into a bus other than the archive's source; warns about the
 * parts of the window the archive cannot hold (expired, before it existed, too recent to be archived).
 */
export function planReplayWindow(
  window: { start: number; end: number },
  archive: ArchiveFacts,
  destinationBusArn: string,
  now: number,
): ReplayWindowPlan {
  const { start, end } = window;
  if (end <= start)
    throw usageError(
      ERR.REPLAY_WINDOW_EMPTY,
      `the replay window is empty: --from ${iso(start)} is not before --to ${iso(end)}`,
      'give a --from earlier than --to',
    );
  if (end > now + 1000 || start > now) {
    throw usageError(
      ERR.REPLAY_WINDOW_FUTURE,
      `the replay window reaches into the future (--to ${iso(end)}, now is ${iso(now)}): nothing has been archived there yet`,
      'end the window at now or earlier, e.g. --to now',
    );
  }
  if (archive.eventSourceArn !== destinationBusArn) {
    throw usageError(
      ERR.REPLAY_CROSS_BUS,
      `archive ${archive.name} records ${archive.eventSourceArn}, not ${destinationBusArn}: EventBridge replays an archive only into the bus it archives`,
      "replay into the archive's own bus, or choose the archive of this bus with --archive",
    );
  }
  if (archive.state !== 'ENABLED')
    throw usageError(
      ERR.ARCHIVE_NOT_ENABLED,
      `archive ${archive.name} is ${archive.state}, not ENABLED`,
      'wait until the archive is enabled, or fix it in EventBridge',
    );
  const retentionStart = archive.retentionDays > 0 ? now - archive.retentionDays * DAY_MS : Number.NEGATIVE_INFINITY;
  if (end <= retentionStart) {
    throw usageError(
      ERR.REPLAY_WINDOW_EXPIRED,
      `archive ${archive.name} keeps events ${archive.retentionDays} days: everything before ${iso(retentionStart)} has expired, and the window ends at ${iso(end)}`,
      `choose a window after ${iso(retentionStart)}`,
    );
  }
  const reconciled = now - archive.creationTime > COUNT_RECONCILIATION_MS;
  if (archive.eventCount === 0 && reconciled)
    throw usageError(
      ERR.ARCHIVE_EMPTY,
      `archive ${archive.name} holds no events`,
      "nothing to replay: check the archive's event pattern and that events reach its bus",
    );
  const warnings: Array<{ message: MessageCode<'warn'>; text: string }> = [];
  if (start < retentionStart)
    warnings.push({
      message: MSG.REPLAY_WINDOW_PARTLY_EXPIRED,
      text: `events before ${iso(retentionStart)} have expired (retention ${archive.retentionDays} days): the replay can only resend ${iso(retentionStart)} to ${iso(end)}`,
    });
  if (start < archive.creationTime)
    warnings.push({
      message: MSG.REPLAY_WINDOW_BEFORE_ARCHIVE,
      text: `archive ${archive.name} was created at ${iso(archive.creationTime)}: events published before then were not archived (unless they carried an earlier time)`,
    });
  if (end > now - ARCHIVE_DELAY_MS)
    warnings.push({
      message: MSG.REPLAY_WINDOW_RECENT,
      text: `events reach the archive with a delay; those of the last 10 minutes (after ${iso(now - ARCHIVE_DELAY_MS)}) may be missing from the replay`,
    });
  if (archive.eventCount === 0 && !reconciled)
    warnings.push({
      message: MSG.ARCHIVE_COUNT_UNRECONCILED,
      text: `archive ${archive.name} reports no events yet; EventBridge reconciles its counts within 24 hours`,
    });
  return { start, end, earliestHeld: Math.max(start, retentionStart), warnings };
}
