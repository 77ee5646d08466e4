import type { CommandResult, HumanBlock } from '../../ui/io-host.js';
import { ExitCode } from '../../core/errors.js';
import type { JsonDocument } from '../../documents/document.js';
import type { ReplayRecord } from './replay-record.js';

const shareText = (share: number) => `${Math.floor(share * 100)}%`;
const short = (iso: string | undefined) => (iso ? iso.replace(/\.\d{3}Z$/, 'Z') : '-');

/** One replay's details. */
export function replayBlock(replay: ReplayRecord, title = `Replay ${replay.name}`): HumanBlock {
  const entries: Array<[string, string]> = [
    ['state', replay.stateReason ? `${replay.state} (${replay.stateReason})` : replay.state],
    ['window', `${short(replay.eventStartTime)} → ${short(replay.eventEndTime)}`],
    ['replayed up to', `${short(replay.eventLastReplayedTime)} (${shareText(replay.share)} of the window)`],
    ['started', short(replay.replayStartTime)],
  ];
  if (replay.replayEndTime) entries.push(['ended', short(replay.replayEndTime)]);
  if (replay.archiveArn) entries.push(['archive', replay.archiveArn]);
  if (replay.destination?.busArn) entries.push(['into', replay.destination.busArn]);
  if (replay.destination?.rules?.length) entries.push(['only rules', replay.destination.rules.join(', ')]);
  return { kind: 'keyValue', title, entries };
}

/** The replays of an account as a table. */
export function replayTable(replays: readonly ReplayRecord[]): HumanBlock {
  return {
    kind: 'table',
    columns: ['replay', 'state', 'window', 'replayed', 'started', 'ended'],
    rows: replays.map((replay) => [
      replay.name,
      replay.state,
      `${short(replay.eventStartTime)} → ${short(replay.eventEndTime)}`,
      shareText(replay.share),
      short(replay.replayStartTime),
      short(replay.replayEndTime),
    ]),
  };
}

/** Exit code of a replay that was followed to its end: 0 only when it completed. */
export function replayExitCode(state: string): ExitCode {
  return state === 'COMPLETED'
    ? ExitCode.Ok
    : state === 'CANCELLED' || state === 'FAILED'
      ? ExitCode.Failed
      : ExitCode.Ok;
}

/** The documents that show one replay. */
export type ReplayDocument = JsonDocument<'replay-status' | 'replay-cancel' | 'replay-ride-sharing'>;

export function replayResult<T extends ReplayDocument>(
  data: T,
  extra: HumanBlock[] = [],
  waited = false,
): CommandResult<T> {
  return {
    data,
    human: [replayBlock(data.replay), ...extra],
    exitCode: waited ? replayExitCode(data.replay.state) : ExitCode.Ok,
  };
}
