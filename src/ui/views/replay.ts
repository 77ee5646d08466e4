import type { ReplayRecord } from '../../workloads/replay/replay-record.js';
import type { RideSharingReplayData } from '../../workloads/replay/ride-sharing-replay.js';
import type { HumanBlock } from '../io-host.js';

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

/** `replay status|cancel`: the replay's details. */
export function replayView(data: { replay: ReplayRecord }): HumanBlock[] {
  return [replayBlock(data.replay)];
}

/** `replay ride-sharing`: what a dry run would replay, else the replay's details. */
export function rideSharingReplayView(data: RideSharingReplayData): HumanBlock[] {
  if (!data.dryRun) return replayView(data);
  return [
    {
      kind: 'text',
      lines: [
        `Would replay ${data.archive.name} (${data.archive.eventCount} events archived) into ${data.bus.name}${data.rules.length ? ` for ${data.rules.join(', ')}` : ''}; nothing started (--dry-run).`,
      ],
    },
  ];
}

/** `replay list`. */
export function replayListView(data: { replays: readonly ReplayRecord[] }): HumanBlock[] {
  return data.replays.length ? [replayTable(data.replays)] : [{ kind: 'text', lines: ['no replays'] }];
}
