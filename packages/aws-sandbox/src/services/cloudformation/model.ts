import { createHash } from 'node:crypto';
import { SandboxServiceError } from '../../errors.js';
import { serviceState, type SandboxState } from '../../state.js';

export type StackStatus =
  | 'REVIEW_IN_PROGRESS'
  | 'CREATE_IN_PROGRESS'
  | 'CREATE_COMPLETE'
  | 'ROLLBACK_IN_PROGRESS'
  | 'ROLLBACK_COMPLETE'
  | 'UPDATE_IN_PROGRESS'
  | 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS'
  | 'UPDATE_COMPLETE'
  | 'UPDATE_ROLLBACK_IN_PROGRESS'
  | 'UPDATE_ROLLBACK_COMPLETE'
  | 'DELETE_IN_PROGRESS'
  | 'DELETE_COMPLETE';

export interface ParameterValue {
  ParameterKey: string;
  ParameterValue: string;
  /** For AWS::SSM::Parameter::Value<…> parameters: the value read from Parameter Store. */
  ResolvedValue?: string;
}

/** A resource of a stack as the stand-in records it (nothing is provisioned). */
export interface ResourceRecord {
  logicalId: string;
  type: string;
  physicalId: string;
  status: string;
  /** A digest of the resource's template entry, to tell a modification from no change. */
  definition: string;
  /** Properties with intrinsic functions evaluated. */
  properties: Record<string, unknown>;
  /** Attributes handed out by Fn::GetAtt, kept so they stay stable. */
  attributes: Record<string, unknown>;
  deletionPolicy?: string;
  updatedAt: string;
}

export interface StackEventRecord {
  EventId: string;
  StackId: string;
  StackName: string;
  LogicalResourceId: string;
  PhysicalResourceId: string;
  ResourceType: string;
  Timestamp: string;
  ResourceStatus: string;
  ResourceStatusReason?: string;
  ClientRequestToken?: string;
}

export interface ResourceChangeRecord {
  Action: 'Add' | 'Modify' | 'Remove';
  LogicalResourceId: string;
  ResourceType: string;
  PhysicalResourceId?: string;
  Replacement?: 'True' | 'False';
}

export interface ChangeSetRecord {
  id: string;
  name: string;
  type: 'CREATE' | 'UPDATE';
  status: 'CREATE_COMPLETE' | 'FAILED' | 'DELETE_COMPLETE';
  statusReason?: string;
  executionStatus:
    'UNAVAILABLE' | 'AVAILABLE' | 'EXECUTE_IN_PROGRESS' | 'EXECUTE_COMPLETE' | 'EXECUTE_FAILED' | 'OBSOLETE';
  templateBody: string;
  parameters: ParameterValue[];
  capabilities: string[];
  tags: Array<{ Key: string; Value: string }>;
  changes: ResourceChangeRecord[];
  description?: string;
  createdAt: string;
}

/** One step of a stack operation, scheduled: it starts at `startsAt` and completes at `endsAt` (epoch ms). */
export interface OperationStep {
  logicalId: string;
  action: 'create' | 'update' | 'delete' | 'restore';
  startsAt: number;
  endsAt: number;
  started: boolean;
}

export interface StackOperation {
  kind: 'CREATE' | 'UPDATE' | 'DELETE';
  phase: 'forward' | 'cleanup' | 'rollback';
  changeSetId?: string;
  clientRequestToken?: string;
  steps: OperationStep[];
  /** Removals run after every create and update succeeded. */
  cleanup: string[];
  /** Resources this operation created or updated so far (what a rollback undoes). */
  created: string[];
  updated: string[];
  templateBody: string;
  parameters: ParameterValue[];
  /** What the stack was before, to roll back to. */
  previous: {
    templateBody?: string;
    parameters: ParameterValue[];
    resources: Record<string, ResourceRecord>;
    outputs: OutputRecord[];
  };
  failure?: string;
}

export interface OutputRecord {
  OutputKey: string;
  OutputValue: string;
  Description?: string;
  ExportName?: string;
}

export interface StackRecord {
  stackId: string;
  stackName: string;
  status: StackStatus;
  statusReason?: string;
  description?: string;
  createdAt: string;
  updatedAt?: string;
  deletedAt?: string;
  templateBody?: string;
  parameters: ParameterValue[];
  capabilities: string[];
  tags: Array<{ Key: string; Value: string }>;
  terminationProtection: boolean;
  outputs: OutputRecord[];
  resources: Record<string, ResourceRecord>;
  events: StackEventRecord[];
  changeSets: ChangeSetRecord[];
  operation?: StackOperation;
}

/** Stacks per account and region: state.services.cloudformation.accounts[ACCOUNT].regions[REGION].stacks (deleted ones too). */
export interface CloudFormationState {
  accounts: Record<string, { regions: Record<string, { stacks: StackRecord[] }> }>;
}

export function cloudFormationState(state: SandboxState): CloudFormationState {
  return serviceState<CloudFormationState>(state, 'cloudformation', () => ({ accounts: {} }));
}

export function stacksIn(state: SandboxState, accountId: string, region: string): StackRecord[] {
  const accounts = cloudFormationState(state).accounts;
  const regions = (accounts[accountId] ??= { regions: {} }).regions;
  return (regions[region] ??= { stacks: [] }).stacks;
}

/** A stack by ARN (deleted ones too), or the live stack of that name. */
export function findStack(stacks: readonly StackRecord[], nameOrId: string): StackRecord | undefined {
  if (nameOrId.startsWith('arn:')) return stacks.find((stack) => stack.stackId === nameOrId);
  return stacks.find((stack) => stack.stackName === nameOrId && stack.status !== 'DELETE_COMPLETE');
}

export function requireStack(stacks: readonly StackRecord[], nameOrId: string): StackRecord {
  const stack = findStack(stacks, nameOrId);
  if (!stack) throw new SandboxServiceError('ValidationError', `Stack with id ${nameOrId} does not exist`);
  return stack;
}

/** The digest stored as ResourceRecord.definition. */
export function definitionDigest(resource: unknown): string {
  return createHash('sha256').update(JSON.stringify(resource)).digest('base64url');
}

export function isInProgress(status: StackStatus): boolean {
  return status.endsWith('_IN_PROGRESS') && status !== 'REVIEW_IN_PROGRESS';
}
