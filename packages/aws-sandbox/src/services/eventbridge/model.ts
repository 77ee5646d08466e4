import { SandboxServiceError } from '../../errors.js';
import { serviceState, type SandboxState } from '../../state.js';

export interface EventBusRecord {
  name: string;
  arn: string;
  createdAt: number;
  description?: string;
  /** The bus's resource-based policy (PutPermission, AWS::Events::EventBusPolicy), as DescribeEventBus shows it. */
  policy?: string;
}

export interface RuleTarget {
  Id: string;
  Arn: string;
  RoleArn?: string;
  Input?: string;
  InputPath?: string;
  DeadLetterConfig?: { Arn?: string };
  RetryPolicy?: { MaximumRetryAttempts?: number; MaximumEventAgeInSeconds?: number };
}

export interface RuleRecord {
  name: string;
  arn: string;
  eventBusName: string;
  eventPattern?: string;
  scheduleExpression?: string;
  state: 'ENABLED' | 'DISABLED';
  description?: string;
  /** events.amazonaws.com for the rule an archive keeps on its bus. */
  managedBy?: string;
  /** Set on an archive's managed rule: matching events are archived rather than sent to targets. */
  archiveName?: string;
  targets: RuleTarget[];
}

export interface ArchiveRecord {
  name: string;
  arn: string;
  eventSourceArn: string;
  eventPattern?: string;
  description?: string;
  /** 0 keeps events indefinitely. */
  retentionDays: number;
  state: 'ENABLED' | 'DISABLED';
  createdAt: number;
  /** Kept for older state files; the live figures are read from the events file. */
  eventCount: number;
  sizeBytes: number;
  /** The archived events, one JSON line each, relative to the state directory (see archive-store.ts). */
  file: string;
}

export type ReplayState = 'STARTING' | 'RUNNING' | 'CANCELLING' | 'COMPLETED' | 'CANCELLED' | 'FAILED';

export interface ReplayRecord {
  name: string;
  arn: string;
  description?: string;
  eventSourceArn: string;
  destination: { Arn: string; FilterArns?: string[] };
  eventStartTime: number;
  eventEndTime: number;
  state: ReplayState;
  stateReason?: string;
  replayStartTime: number;
  /** When the replay leaves STARTING; event-time minutes are replayed one after another from then. */
  runningAt: number;
  /** Wall time per minute of the window, fixed at the start so every process serving the state agrees. */
  minuteMs: number;
  /** Minutes of the window replayed so far (the window is replayed a minute of event time at a time). */
  minutesDone: number;
  eventLastReplayedTime?: number;
  replayEndTime?: number;
  cancelRequestedAt?: number;
  eventsReplayed: number;
}

/** One account's EventBridge in one region. */
export interface EventBridgeRegion {
  buses: Record<string, EventBusRecord>;
  /** By bus name, then rule name. */
  rules: Record<string, Record<string, RuleRecord>>;
  archives: Record<string, ArchiveRecord>;
  replays: Record<string, ReplayRecord>;
  /** Deliveries to targets the sandbox records but does not run (Lambda functions, ...), by target ARN. */
  deliveries: Record<string, number>;
}

/** state.services.eventbridge.accounts[ACCOUNT][REGION] */
export interface EventBridgeState {
  accounts: Record<string, Record<string, EventBridgeRegion>>;
}

export function eventBridgeState(state: SandboxState): EventBridgeState {
  return serviceState<EventBridgeState>(state, 'eventbridge', () => ({ accounts: {} }));
}

export const busArn = (region: string, accountId: string, name: string) =>
  `arn:aws:events:${region}:${accountId}:event-bus/${name}`;
export const ruleArn = (region: string, accountId: string, bus: string, name: string) =>
  `arn:aws:events:${region}:${accountId}:rule/${bus === 'default' ? '' : `${bus}/`}${name}`;
export const archiveArn = (region: string, accountId: string, name: string) =>
  `arn:aws:events:${region}:${accountId}:archive/${name}`;
export const replayArn = (region: string, accountId: string, name: string) =>
  `arn:aws:events:${region}:${accountId}:replay/${name}`;

/** The account's EventBridge in a region; the default bus always exists. */
export function regionOf(state: SandboxState, accountId: string, region: string, now: number): EventBridgeRegion {
  const regions = (eventBridgeState(state).accounts[accountId] ??= {});
  const slice = (regions[region] ??= { buses: {}, rules: {}, archives: {}, replays: {}, deliveries: {} });
  slice.buses.default ??= { name: 'default', arn: busArn(region, accountId, 'default'), createdAt: now };
  return slice;
}

/** Every account and region holding EventBridge state (for settle). */
export function allRegions(
  state: SandboxState,
): Array<{ accountId: string; region: string; slice: EventBridgeRegion }> {
  const slice = state.services.eventbridge as EventBridgeState | undefined;
  return Object.entries(slice?.accounts ?? {}).flatMap(([accountId, regions]) =>
    Object.entries(regions).map(([region, regionSlice]) => ({ accountId, region, slice: regionSlice })),
  );
}

/** The account, Region and name of a bus ARN (arn:aws:events:REGION:ACCOUNT:event-bus/NAME). */
export function busAddress(arn: string): { accountId: string; region: string; name: string } | undefined {
  const match = /^arn:aws:events:([a-z0-9-]+):(\d{12}):event-bus\/([/.\-_A-Za-z0-9]+)$/.exec(arn);
  return match ? { region: match[1] as string, accountId: match[2] as string, name: match[3] as string } : undefined;
}

/** The bus an ARN names, in its owner's account, if it exists. */
export function busByArn(state: SandboxState, arn: string, now: number): EventBusRecord | undefined {
  const address = busAddress(arn);
  if (!address) return undefined;
  return regionOf(state, address.accountId, address.region, now).buses[address.name];
}

/** A bus name from a name or an ARN. */
export function busNameOf(nameOrArn: unknown): string {
  const text = typeof nameOrArn === 'string' && nameOrArn !== '' ? nameOrArn : 'default';
  return text.startsWith('arn:') ? (text.split('event-bus/')[1] ?? text) : text;
}

export function busOrThrow(slice: EventBridgeRegion, nameOrArn: unknown): EventBusRecord {
  const name = busNameOf(nameOrArn);
  const bus = slice.buses[name];
  if (!bus) throw new SandboxServiceError('ResourceNotFoundException', `Event bus ${name} does not exist.`);
  return bus;
}

export function ruleOrThrow(slice: EventBridgeRegion, busName: string, name: string): RuleRecord {
  const rule = slice.rules[busName]?.[name];
  if (!rule)
    throw new SandboxServiceError('ResourceNotFoundException', `Rule ${name} does not exist on EventBus ${busName}.`);
  return rule;
}

/** Epoch milliseconds from a JSON-protocol timestamp (epoch seconds, possibly fractional) or an ISO string. */
export function timestampMs(value: unknown): number | undefined {
  if (typeof value === 'number') return Math.round(value * 1000);
  if (typeof value === 'string' && value !== '') {
    const parsed = /^\d+(\.\d+)?$/.test(value) ? Number(value) * 1000 : Date.parse(value);
    return Number.isFinite(parsed) ? Math.round(parsed) : undefined;
  }
  return undefined;
}
