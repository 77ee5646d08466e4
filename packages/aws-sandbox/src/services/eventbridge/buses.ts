import { SandboxServiceError } from '../../errors.js';
import type { HandlerContext, OperationInput } from '../../types.js';
import { busArn, busOrThrow, regionOf, type EventBusRecord } from './model.js';

const NAME = /^[/.\-_A-Za-z0-9]{1,256}$/;

/** Creates a bus (CreateEventBus, CloudFormation); an existing one is kept. */
export function putEventBus(
  slice: ReturnType<typeof regionOf>,
  region: string,
  accountId: string,
  name: string,
  now: number,
  description?: string,
): EventBusRecord {
  const existing = slice.buses[name];
  if (existing) return existing;
  const bus: EventBusRecord = {
    name,
    arn: busArn(region, accountId, name),
    createdAt: now,
    ...(description ? { description } : {}),
  };
  slice.buses[name] = bus;
  return bus;
}

/** Deletes a bus with its rules (an archive of it stays, as on AWS, and replays into it fail). */
export function removeEventBus(slice: ReturnType<typeof regionOf>, name: string): void {
  delete slice.buses[name];
  delete slice.rules[name];
}

function busWire(bus: EventBusRecord) {
  return {
    Name: bus.name,
    Arn: bus.arn,
    CreationTime: new Date(bus.createdAt),
    ...(bus.description ? { Description: bus.description } : {}),
    ...(bus.policy ? { Policy: bus.policy } : {}),
  };
}

export function createEventBus(input: OperationInput, ctx: HandlerContext) {
  const name = String(input.Name ?? '');
  if (!NAME.test(name) || name === 'default')
    throw new SandboxServiceError('ValidationException', `Event bus name ${name} is not valid.`);
  const slice = regionOf(ctx.state, ctx.caller.accountId, ctx.region, ctx.now());
  if (slice.buses[name])
    throw new SandboxServiceError('ResourceAlreadyExistsException', `Event bus ${name} already exists.`);
  const bus = putEventBus(
    slice,
    ctx.region,
    ctx.caller.accountId,
    name,
    ctx.now(),
    typeof input.Description === 'string' ? input.Description : undefined,
  );
  return { EventBusArn: bus.arn };
}

export function describeEventBus(input: OperationInput, ctx: HandlerContext) {
  return busWire(busOrThrow(regionOf(ctx.state, ctx.caller.accountId, ctx.region, ctx.now()), input.Name));
}

export function listEventBuses(input: OperationInput, ctx: HandlerContext) {
  const prefix = String(input.NamePrefix ?? '');
  const buses = Object.values(regionOf(ctx.state, ctx.caller.accountId, ctx.region, ctx.now()).buses).filter((bus) =>
    bus.name.startsWith(prefix),
  );
  return { EventBuses: buses.sort((a, b) => a.name.localeCompare(b.name)).map(busWire) };
}

export function deleteEventBus(input: OperationInput, ctx: HandlerContext) {
  const name = String(input.Name ?? '');
  if (name === 'default') throw new SandboxServiceError('ValidationException', 'Cannot delete event bus default.');
  removeEventBus(regionOf(ctx.state, ctx.caller.accountId, ctx.region, ctx.now()), name);
  return {};
}
