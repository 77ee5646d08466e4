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

/** A rule added with PutConfigRule (service-linked rules of Security Hub are derived, see rules.ts). */
export interface ConfigRuleRecord {
  name: string;
  id: string;
  owner: 'AWS' | 'CUSTOM_LAMBDA' | 'CUSTOM_POLICY';
  sourceIdentifier?: string;
  description?: string;
  resourceTypes: string[];
  inputParameters?: string;
  createdAt: number;
}

/** One evaluation result of a rule for a resource. The sandbox evaluates nothing: results are seeded. */
export interface EvaluationRecord {
  resourceType: string;
  resourceId: string;
  complianceType: 'COMPLIANT' | 'NON_COMPLIANT' | 'NOT_APPLICABLE';
  annotation?: string;
  /** When the rule evaluated the resource (epoch ms). */
  evaluatedAt: number;
}

/** One account's AWS Config setup in one region: at most one recorder and one delivery channel, rules and results. */
export interface ConfigRegionState {
  recorders: Record<string, RecorderRecord>;
  deliveryChannels: Record<string, DeliveryChannelRecord>;
  rules?: Record<string, ConfigRuleRecord>;
  /** Results by rule name, then by `${resourceType}/${resourceId}`. */
  evaluations?: Record<string, Record<string, EvaluationRecord>>;
}

/** An aggregator; organization sources collect every account of the caller's organization. */
export interface AggregatorRecord {
  id: string;
  name: string;
  accountId: string;
  region: string;
  accountSource?: { accountIds: string[]; allAwsRegions: boolean; awsRegions: string[] };
  organizationSource?: { roleArn: string; allAwsRegions: boolean; awsRegions: string[] };
  createdAt: number;
  updatedAt: number;
}

/** state.services.config: per account, per region; aggregators keyed `${accountId}/${region}`, then by name. */
export interface ConfigState {
  accounts: Record<string, Record<string, ConfigRegionState>>;
  aggregators?: Record<string, Record<string, AggregatorRecord>>;
}

export function configState(state: SandboxState): ConfigState {
  return serviceState<ConfigState>(state, 'config', () => ({ accounts: {} }));
}

/** Any account's Config state in a region. */
export function configRegionOf(state: SandboxState, accountId: string, region: string): ConfigRegionState {
  const regions = (configState(state).accounts[accountId] ??= {});
  return (regions[region] ??= { recorders: {}, deliveryChannels: {} });
}

/** The caller's Config state in the request's region. */
export function configRegion(ctx: Pick<HandlerContext, 'state' | 'caller' | 'region'>): ConfigRegionState {
  return configRegionOf(ctx.state, ctx.caller.accountId, ctx.region);
}

export function configError(code: string, message: string): SandboxServiceError {
  return new SandboxServiceError(code, message, { status: 400 });
}

/** Whether an account records configuration changes in a Region (a recorder that is recording). */
export function isRecording(state: SandboxState, accountId: string, region: string): boolean {
  return Object.values(configState(state).accounts[accountId]?.[region]?.recorders ?? {}).some(
    (recorder) => recorder.recording,
  );
}
