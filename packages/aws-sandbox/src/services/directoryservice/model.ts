import { SandboxServiceError } from '../../errors.js';
import { randomHex, uniqueId } from '../../ids.js';
import { serviceState, type SandboxState } from '../../state.js';
import type { HandlerContext } from '../../types.js';

/** The Directory Service slice of the sandbox state: per account, per region. */
export interface DirectoryServiceState {
  accounts: Record<string, Record<string, DirectoryRegion>>;
}

export interface DirectoryRegion {
  /** By directory id (d-...). */
  directories: Record<string, Directory>;
}

/** Directory Service's stages (DirectoryStage). */
export type DirectoryStage =
  | 'Requested'
  | 'Creating'
  | 'Created'
  | 'Active'
  | 'Inoperable'
  | 'Impaired'
  | 'Restoring'
  | 'RestoreFailed'
  | 'Deleting'
  | 'Deleted'
  | 'Failed'
  | 'Updating';

/** An AD Connector: a proxy in the VPC to a self-managed Active Directory on-premises. */
export interface Directory {
  directoryId: string;
  name: string;
  shortName: string;
  type: 'ADConnector';
  size: 'Small' | 'Large';
  description: string;
  stage: DirectoryStage;
  stageReason?: string;
  stageLastUpdated: number;
  launchTime: number;
  /** The on-premises DNS servers (or domain controllers) the connector uses (ConnectSettings.CustomerDnsIps). */
  customerDnsIps: string[];
  customerUserName: string;
  vpcId: string;
  subnetIds: string[];
  availabilityZones: string[];
  securityGroupId: string;
  /** The connector's own addresses in the VPC, one per subnet. */
  connectIps: string[];
}

export function directoryRegionOf(state: SandboxState, accountId: string, region: string): DirectoryRegion {
  const accounts = serviceState<DirectoryServiceState>(state, 'ds', () => ({ accounts: {} })).accounts;
  const regions = (accounts[accountId] ??= {});
  return (regions[region] ??= { directories: {} });
}

export function callerDirectories(ctx: Pick<HandlerContext, 'state' | 'caller' | 'region'>): DirectoryRegion {
  return directoryRegionOf(ctx.state, ctx.caller.accountId, ctx.region);
}

/** Directory ids: d- and 10 hex digits. */
export function newDirectoryId(taken: (id: string) => boolean): string {
  return uniqueId(() => `d-${randomHex(10)}`, taken);
}

/** Directory Service errors carry Message and RequestId. */
export function directoryError(code: string, message: string, requestId: string): SandboxServiceError {
  return new SandboxServiceError(code, message, { extra: { RequestId: requestId } });
}
