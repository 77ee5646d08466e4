import { randomUUID } from 'node:crypto';
import { creationOrderKey } from '../../pagination.js';
import type { HandlerContext, OperationHandler, OperationInput } from '../../types.js';
import {
  callerDirectConnect,
  clientException,
  directConnectPage,
  failoverTestEndTime,
  failoverTestStatus,
  optionalString,
  runningTests,
  type DxFailoverTest,
  type DxVirtualInterface,
} from './model.js';

const DEFAULT_DURATION_MINUTES = 180;
const MAX_DURATION_MINUTES = 4320;

function testWire(test: DxFailoverTest, now: number) {
  return {
    testId: test.testId,
    virtualInterfaceId: test.virtualInterfaceId,
    bgpPeers: test.bgpPeers,
    status: failoverTestStatus(test, now),
    ownerAccount: test.ownerAccount,
    testDurationInMinutes: test.testDurationInMinutes,
    startTime: new Date(test.startTime),
    endTime: new Date(failoverTestEndTime(test)),
  };
}

function requiredVirtualInterface(input: OperationInput, ctx: HandlerContext): DxVirtualInterface {
  const virtualInterfaceId = optionalString(input, 'virtualInterfaceId');
  if (!virtualInterfaceId) throw clientException('virtualInterfaceId is required.');
  const vif = callerDirectConnect(ctx).virtualInterfaces[virtualInterfaceId];
  if (!vif || vif.region !== ctx.region || vif.virtualInterfaceState === 'deleted') {
    throw clientException(`Virtual interface ${virtualInterfaceId} has been deleted or does not exist.`);
  }
  return vif;
}

function stringList(input: OperationInput, name: string): string[] | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string'))
    throw clientException(`${name} must be a list of strings.`);
  return value as string[];
}

/**
 * Places the BGP sessions of a virtual interface in the DOWN state for testDurationInMinutes (the
 * sandbox's minute is options.failoverMinuteMs long). Nothing is scheduled: every reader derives the
 * test's status, and the interface's BGP status, from the stored timestamps.
 */
const startBgpFailoverTest: OperationHandler = (input, ctx) => {
  const vif = requiredVirtualInterface(input, ctx);
  const account = callerDirectConnect(ctx);
  const now = ctx.now();
  const duration =
    input.testDurationInMinutes === undefined ? DEFAULT_DURATION_MINUTES : Number(input.testDurationInMinutes);
  if (!Number.isInteger(duration) || duration < 1 || duration > MAX_DURATION_MINUTES) {
    throw clientException(`testDurationInMinutes must be between 1 and ${MAX_DURATION_MINUTES} minutes.`);
  }
  const requestedPeers = stringList(input, 'bgpPeers');
  const unknown = (requestedPeers ?? []).filter((peerId) => !vif.bgpPeers.some((peer) => peer.bgpPeerId === peerId));
  if (unknown.length > 0)
    throw clientException(`BGP peer ${unknown[0]} does not exist on virtual interface ${vif.virtualInterfaceId}.`);
  if (runningTests(account, vif.virtualInterfaceId, now).length > 0) {
    throw clientException(`A BGP failover test is already in progress on virtual interface ${vif.virtualInterfaceId}.`);
  }
  const connection = account.connections[vif.connectionId];
  if (vif.virtualInterfaceState !== 'available' || connection?.connectionState !== 'available') {
    throw clientException(
      `Virtual interface ${vif.virtualInterfaceId} is not available; a failover test needs an available interface.`,
    );
  }
  const test: DxFailoverTest = {
    testId: randomUUID(),
    virtualInterfaceId: vif.virtualInterfaceId,
    bgpPeers: requestedPeers && requestedPeers.length > 0 ? requestedPeers : vif.bgpPeers.map((peer) => peer.bgpPeerId),
    ownerAccount: ctx.caller.accountId,
    testDurationInMinutes: duration,
    startTime: now,
    scheduledEndTime: now + duration * ctx.options.failoverMinuteMs,
  };
  account.tests[test.testId] = test;
  return { virtualInterfaceTest: testWire(test, now) };
};

const stopBgpFailoverTest: OperationHandler = (input, ctx) => {
  const vif = requiredVirtualInterface(input, ctx);
  const now = ctx.now();
  const [running] = runningTests(callerDirectConnect(ctx), vif.virtualInterfaceId, now);
  if (!running)
    throw clientException(`There is no BGP failover test in progress on virtual interface ${vif.virtualInterfaceId}.`);
  running.stoppedAt = now;
  return { virtualInterfaceTest: testWire(running, now) };
};

/** Test history, oldest first; filters as on AWS. A page holds at most 100 entries. */
const listVirtualInterfaceTestHistory: OperationHandler = (input, ctx) => {
  const now = ctx.now();
  const testId = optionalString(input, 'testId');
  const virtualInterfaceId = optionalString(input, 'virtualInterfaceId');
  const status = optionalString(input, 'status');
  const peers = stringList(input, 'bgpPeers');
  const tests = Object.values(callerDirectConnect(ctx).tests).filter(
    (test) =>
      (testId === undefined || test.testId === testId) &&
      (virtualInterfaceId === undefined || test.virtualInterfaceId === virtualInterfaceId) &&
      (status === undefined || failoverTestStatus(test, now) === status.toUpperCase()) &&
      (peers === undefined || peers.every((peer) => test.bgpPeers.includes(peer))),
  );
  const page = directConnectPage(
    input,
    tests,
    (test) => `${creationOrderKey(test.startTime)}:${test.testId}`,
    'ListVirtualInterfaceTestHistory',
    100,
  );
  return { virtualInterfaceTestHistory: page.items.map((test) => testWire(test, now)), nextToken: page.nextToken };
};

/** The BGP failover test of the Direct Connect Resiliency Toolkit. */
export const failoverTestOperations: Record<string, OperationHandler> = {
  StartBgpFailoverTest: startBgpFailoverTest,
  StopBgpFailoverTest: stopBgpFailoverTest,
  ListVirtualInterfaceTestHistory: listVirtualInterfaceTestHistory,
};
