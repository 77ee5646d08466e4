import { paginate } from '../../pagination.js';
import type { HandlerContext, OperationInput } from '../../types.js';
import { managementOrganization } from './access.js';
import { constraintViolation, organizationsError } from './errors.js';
import { invalidNextToken, pageRequest, requiredString } from './inputs.js';
import type { OrganizationsState } from './model.js';
import {
  attachedPolicies,
  isPolicyTypeEnabled,
  policiesState,
  policySummaryView,
  TARGET_ID_PATTERN,
} from './policy-model.js';
import { requiredPolicy, requiredPolicyType } from './policies.js';
import { SCP_ATTACHMENTS_PER_TARGET } from './scp-quotas.js';

/** AttachPolicy: at most five policies of a type on one root, OU or account. */
export function attachPolicy(input: OperationInput, ctx: HandlerContext): unknown {
  const { orgState } = managementOrganization(ctx);
  const policy = requiredPolicy(input, orgState);
  const targetId = requiredTarget(input, orgState);
  if (!isPolicyTypeEnabled(orgState, policy.Type)) throw organizationsError('PolicyTypeNotEnabledException');
  const attachments = policiesState(orgState).attachments;
  const current = (attachments[targetId] ??= []);
  if (current.includes(policy.Id)) throw organizationsError('DuplicatePolicyAttachmentException');
  if (attachedPolicies(orgState, targetId, policy.Type).length >= SCP_ATTACHMENTS_PER_TARGET) {
    throw constraintViolation('MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED');
  }
  current.push(policy.Id);
  return undefined;
}

/** DetachPolicy: a target must keep at least one SCP (with none, every action would be denied). */
export function detachPolicy(input: OperationInput, ctx: HandlerContext): unknown {
  const { orgState } = managementOrganization(ctx);
  const policy = requiredPolicy(input, orgState);
  const targetId = requiredTarget(input, orgState);
  const attachments = policiesState(orgState).attachments;
  const current = attachments[targetId] ?? [];
  if (!current.includes(policy.Id)) throw organizationsError('PolicyNotAttachedException');
  if (attachedPolicies(orgState, targetId, policy.Type).length <= 1)
    throw constraintViolation('MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED');
  attachments[targetId] = current.filter((id) => id !== policy.Id);
  return undefined;
}

/** ListPoliciesForTarget: the policies of one type attached directly (not inherited). */
export function listPoliciesForTarget(input: OperationInput, ctx: HandlerContext): unknown {
  const { orgState } = managementOrganization(ctx);
  const targetId = requiredTarget(input, orgState);
  const type = requiredPolicyType(input, 'Filter');
  const policies = attachedPolicies(orgState, targetId, type).map((policy, index) => ({ policy, index }));
  const page = paginate(
    policies,
    (entry) => String(entry.index).padStart(6, '0'),
    `ListPoliciesForTarget:${targetId}:${type}`,
    pageRequest(input),
    invalidNextToken,
  );
  return { Policies: page.items.map((entry) => policySummaryView(entry.policy)), NextToken: page.nextToken };
}

/** ListTargetsForPolicy: every root, OU and account the policy is attached to. */
export function listTargetsForPolicy(input: OperationInput, ctx: HandlerContext): unknown {
  const { orgState } = managementOrganization(ctx);
  const policy = requiredPolicy(input, orgState);
  const targets = Object.entries(orgState.policies?.attachments ?? {})
    .filter(([, ids]) => ids.includes(policy.Id))
    .map(([targetId]) => targetSummary(orgState, targetId))
    .filter((target): target is NonNullable<typeof target> => target !== undefined);
  const page = paginate(
    targets,
    (target) => target.TargetId,
    `ListTargetsForPolicy:${policy.Id}`,
    pageRequest(input),
    invalidNextToken,
  );
  return { Targets: page.items, NextToken: page.nextToken };
}

function targetSummary(orgState: OrganizationsState, targetId: string) {
  const root = orgState.roots[targetId];
  if (root) return { TargetId: targetId, Arn: root.Arn, Name: root.Name, Type: 'ROOT' };
  const ou = orgState.organizationalUnits[targetId];
  if (ou) return { TargetId: targetId, Arn: ou.Arn, Name: ou.Name, Type: 'ORGANIZATIONAL_UNIT' };
  const account = orgState.accounts[targetId];
  if (account) return { TargetId: targetId, Arn: account.Arn, Name: account.Name, Type: 'ACCOUNT' };
  return undefined;
}

/** TargetId of a request: a well-formed id of an existing root, OU or account. */
function requiredTarget(input: OperationInput, orgState: OrganizationsState): string {
  const targetId = requiredString(input, 'TargetId', {
    pattern: TARGET_ID_PATTERN,
    patternReason: 'INVALID_PATTERN_TARGET_ID',
  });
  if (targetSummary(orgState, targetId) === undefined) throw organizationsError('TargetNotFoundException');
  return targetId;
}
