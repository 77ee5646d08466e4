import { SandboxServiceError } from '../../errors.js';
import { serviceState, type SandboxState } from '../../state.js';
import type { HandlerContext } from '../../types.js';

export interface RecorderRecord {
  name: string;
  roleARN: string;
  allSupported: boolean;
  includeGlobalResourceTypes: boolean;
  resourceTypes: string[];
  recording: boolean;
  lastStartTime?: number;
  lastStopTime?: number;
  lastStatusChangeTime?: number;
}

export interface DeliveryChannelRecord {
  name: string;
  s3BucketName: string;
  s3KeyPrefix?: string;
  snsTopicARN?: string;
  deliveryFrequency?: string;
}

/** One account's AWS Config setup in one region: at most one recorder and one delivery channel. */
export interface ConfigRegionState {
  recorders: Record<string, RecorderRecord>;
  deliveryChannels: Record<string, DeliveryChannelRecord>;
}

/** state.services.config: per account, per region. */
export interface ConfigState {
  accounts: Record<string, Record<string, ConfigRegionState>>;
}

/** The caller's Config state in the request's region. */
export function configRegion(ctx: Pick<HandlerContext, 'state' | 'caller' | 'region'>): ConfigRegionState {
  const config = serviceState<ConfigState>(ctx.state, 'config', () => ({ accounts: {} }));
  const regions = (config.accounts[ctx.caller.accountId] ??= {});
  return (regions[ctx.region] ??= { recorders: {}, deliveryChannels: {} });
}

export function configError(code: string, message: string): SandboxServiceError {
  return new SandboxServiceError(code, message, { status: 400 });
}

/** Whether an account records configuration changes in a Region (a recorder that is recording). */
export function isRecording(state: SandboxState, accountId: string, region: string): boolean {
  const config = serviceState<ConfigState>(state, 'config', () => ({ accounts: {} }));
  return Object.values(config.accounts[accountId]?.[region]?.recorders ?? {}).some((recorder) => recorder.recording);
}
