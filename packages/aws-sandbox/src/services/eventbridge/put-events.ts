import { randomUUID } from 'node:crypto';
import { SandboxServiceError } from '../../errors.js';
import type { HandlerContext, OperationInput } from '../../types.js';
import { AsyncJournal } from '../../background/async-journal.js';
import { routeEvent } from './delivery.js';
import { busAddress, busNameOf, regionOf, timestampMs, type EventBridgeRegion } from './model.js';

const MAX_ENTRIES = 10;
const MAX_ENTRY_BYTES = 256 * 1024;

interface PutEventsEntry {
  Source?: string;
  DetailType?: string;
  Detail?: string;
  EventBusName?: string;
  Resources?: string[];
  Time?: unknown;
}

/** EventBridge's event time format: second precision, Z. */
export function eventTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/**
 * The bus an entry names: a name is the caller's bus in the request's Region; an ARN names its owner's bus, which
 * is another account's when the caller was authorized by that bus's policy (authorization runs before the handler).
 * A bus in another Region is not reachable by PutEvents (rules forward across Regions).
 */
function entryBus(
  ctx: HandlerContext,
  own: EventBridgeRegion,
  named: unknown,
  now: number,
): { slice: EventBridgeRegion; name: string } | undefined {
  if (typeof named !== 'string' || !named.startsWith('arn:')) return { slice: own, name: busNameOf(named) };
  const address = busAddress(named);
  if (!address || address.region !== ctx.region) return undefined;
  if (address.accountId === ctx.caller.accountId) return { slice: own, name: address.name };
  const owner = regionOf(ctx.state, address.accountId, address.region, now);
  return { slice: owner, name: address.name };
}

/**
 * PutEvents: each entry becomes an event on its bus (with the caller's account and region, an id and the
 * time given or now), is archived by the bus's archives and delivered to the targets of the rules it
 * matches. Entries fail one by one (missing fields, malformed detail, unknown bus), as on AWS. The event's
 * account is the sender's, also on another account's bus (rules there can tell senders apart by it).
 */
export function putEvents(input: OperationInput, ctx: HandlerContext) {
  const entries = Array.isArray(input.Entries) ? (input.Entries as PutEventsEntry[]) : [];
  if (entries.length === 0 || entries.length > MAX_ENTRIES) {
    throw new SandboxServiceError(
      'ValidationException',
      `1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length less than or equal to ${MAX_ENTRIES}`,
    );
  }
  const now = ctx.now();
  const slice = regionOf(ctx.state, ctx.caller.accountId, ctx.region, now);
  const journal = AsyncJournal.of(ctx.resources, ctx.options.stateDir);
  const results = entries.map((entry) => {
    if (!entry.Source)
      return {
        ErrorCode: 'InvalidArgument',
        ErrorMessage: 'Parameter Source is not valid. Reason: Source is a required argument.',
      };
    if (!entry.DetailType)
      return {
        ErrorCode: 'InvalidArgument',
        ErrorMessage: 'Parameter DetailType is not valid. Reason: DetailType is a required argument.',
      };
    if (!entry.Detail)
      return {
        ErrorCode: 'InvalidArgument',
        ErrorMessage: 'Parameter Detail is not valid. Reason: Detail is a required argument.',
      };
    if (Buffer.byteLength(JSON.stringify(entry)) > MAX_ENTRY_BYTES)
      return {
        ErrorCode: 'InvalidArgument',
        ErrorMessage: 'Total size of the entries in the request is over the limit.',
      };
    let detail: unknown;
    try {
      detail = JSON.parse(entry.Detail);
    } catch {
      return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
    }
    if (typeof detail !== 'object' || detail === null || Array.isArray(detail))
      return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
    const bus = entryBus(ctx, slice, entry.EventBusName, now);
    if (!bus?.slice.buses[bus.name])
      return {
        ErrorCode: 'ResourceNotFoundException',
        ErrorMessage: `Event bus ${bus?.name ?? String(entry.EventBusName)} does not exist.`,
      };
    const time = timestampMs(entry.Time) ?? now;
    const id = randomUUID();
    const event = {
      version: '0',
      id,
      'detail-type': entry.DetailType,
      source: entry.Source,
      account: ctx.caller.accountId,
      time: eventTime(time),
      region: ctx.region,
      resources: Array.isArray(entry.Resources) ? entry.Resources : [],
      detail,
    };
    routeEvent(
      { state: ctx.state, stateDir: ctx.options.stateDir, now, journal },
      bus.slice,
      bus.name,
      event,
      Math.floor(time / 1000) * 1000,
    );
    return { EventId: id };
  });
  return { FailedEntryCount: results.filter((result) => 'ErrorCode' in result).length, Entries: results };
}
