import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { SandboxServiceError } from '../../errors.js';
import type { HandlerContext, OperationInput } from '../../types.js';
import { archiveFileName, archiveFileSize, readArchivedEvents } from './archive-store.js';
import { archiveArn, busNameOf, busOrThrow, regionOf, type ArchiveRecord, type EventBridgeRegion } from './model.js';
import { parseEventPattern } from './pattern.js';
import { putRuleRecord } from './rules.js';

const ARCHIVE_NAME = /^[.\-_A-Za-z0-9]{1,48}$/;
/** EventBridge names the rule an archive keeps on its bus after the archive. */
export const archiveRuleName = (archiveName: string) => `Events-Archive-${archiveName}`;

export interface ArchiveDefinition {
  name: string;
  eventSourceArn: string;
  eventPattern?: string;
  description?: string;
  retentionDays?: number;
}

/**
 * Creates or updates an archive and the managed rule on its bus that feeds it: the archive's pattern
 * plus "replay-name": [{"exists": false}], so replayed events are never archived again.
 */
export function putArchiveRecord(
  slice: EventBridgeRegion,
  region: string,
  accountId: string,
  definition: ArchiveDefinition,
  now: number,
): ArchiveRecord {
  const bus = busOrThrow(slice, definition.eventSourceArn);
  const pattern = definition.eventPattern ? parseEventPattern(definition.eventPattern) : {};
  const existing = slice.archives[definition.name];
  const archive: ArchiveRecord = {
    name: definition.name,
    arn: archiveArn(region, accountId, definition.name),
    eventSourceArn: bus.arn,
    retentionDays: definition.retentionDays ?? 0,
    state: 'ENABLED',
    createdAt: existing?.createdAt ?? now,
    eventCount: existing?.eventCount ?? 0,
    sizeBytes: existing?.sizeBytes ?? 0,
    file: existing?.file ?? archiveFileName(accountId, region, definition.name, now),
    ...(definition.eventPattern ? { eventPattern: definition.eventPattern } : {}),
    ...(definition.description ? { description: definition.description } : {}),
  };
  slice.archives[definition.name] = archive;
  const rule = putRuleRecord(slice, region, accountId, {
    name: archiveRuleName(definition.name),
    busName: bus.name,
    eventPattern: JSON.stringify({ ...pattern, 'replay-name': [{ exists: false }] }),
    description: `Managed rule of archive ${definition.name}`,
  });
  rule.managedBy = 'events.amazonaws.com';
  rule.archiveName = definition.name;
  return archive;
}

/** Deletes an archive, its managed rule and its events. */
export function removeArchiveRecord(stateDir: string, slice: EventBridgeRegion, name: string): void {
  const archive = slice.archives[name];
  if (!archive) return;
  delete slice.archives[name];
  delete slice.rules[busNameOf(archive.eventSourceArn)]?.[archiveRuleName(name)];
  rmSync(join(stateDir, archive.file), { force: true });
}

/** An archive as Describe/ListArchives show it; its size and count come from its events file. */
function archiveWire(archive: ArchiveRecord, ctx: HandlerContext) {
  const events = readArchivedEvents(ctx.options.stateDir, archive.file, ctx.resources);
  return {
    ArchiveName: archive.name,
    EventSourceArn: archive.eventSourceArn,
    State: archive.state,
    RetentionDays: archive.retentionDays,
    SizeBytes: archiveFileSize(ctx.options.stateDir, archive.file),
    EventCount: events.length,
    CreationTime: new Date(archive.createdAt),
  };
}

function archiveOrThrow(slice: EventBridgeRegion, name: string): ArchiveRecord {
  const archive = slice.archives[name];
  if (!archive) throw new SandboxServiceError('ResourceNotFoundException', `Archive ${name} does not exist.`);
  return archive;
}

export function createArchive(input: OperationInput, ctx: HandlerContext) {
  const name = String(input.ArchiveName ?? '');
  if (!ARCHIVE_NAME.test(name))
    throw new SandboxServiceError(
      'ValidationException',
      `1 validation error detected: Value '${name}' at 'archiveName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+`,
    );
  const slice = regionOf(ctx.state, ctx.caller.accountId, ctx.region, ctx.now());
  if (slice.archives[name])
    throw new SandboxServiceError('ResourceAlreadyExistsException', `Archive ${name} already exists.`);
  const retention = input.RetentionDays === undefined ? 0 : Number(input.RetentionDays);
  if (!Number.isInteger(retention) || retention < 0)
    throw new SandboxServiceError('ValidationException', 'RetentionDays must be a whole number of at least 0.');
  const archive = putArchiveRecord(
    slice,
    ctx.region,
    ctx.caller.accountId,
    {
      name,
      eventSourceArn: String(input.EventSourceArn ?? ''),
      eventPattern: typeof input.EventPattern === 'string' ? input.EventPattern : undefined,
      description: typeof input.Description === 'string' ? input.Description : undefined,
      retentionDays: retention,
    },
    ctx.now(),
  );
  return { ArchiveArn: archive.arn, State: archive.state, CreationTime: new Date(archive.createdAt) };
}

export function describeArchive(input: OperationInput, ctx: HandlerContext) {
  const archive = archiveOrThrow(
    regionOf(ctx.state, ctx.caller.accountId, ctx.region, ctx.now()),
    String(input.ArchiveName ?? ''),
  );
  return {
    ArchiveArn: archive.arn,
    ...archiveWire(archive, ctx),
    ...(archive.eventPattern ? { EventPattern: archive.eventPattern } : {}),
    ...(archive.description ? { Description: archive.description } : {}),
  };
}

export function listArchives(input: OperationInput, ctx: HandlerContext) {
  const prefix = String(input.NamePrefix ?? '');
  const archives = Object.values(regionOf(ctx.state, ctx.caller.accountId, ctx.region, ctx.now()).archives).filter(
    (archive) =>
      archive.name.startsWith(prefix) &&
      (input.EventSourceArn === undefined || archive.eventSourceArn === input.EventSourceArn) &&
      (input.State === undefined || archive.state === input.State),
  );
  return {
    Archives: archives.sort((a, b) => a.name.localeCompare(b.name)).map((archive) => archiveWire(archive, ctx)),
  };
}

export function deleteArchive(input: OperationInput, ctx: HandlerContext) {
  const slice = regionOf(ctx.state, ctx.caller.accountId, ctx.region, ctx.now());
  const archive = archiveOrThrow(slice, String(input.ArchiveName ?? ''));
  removeArchiveRecord(ctx.options.stateDir, slice, archive.name);
  return {};
}
