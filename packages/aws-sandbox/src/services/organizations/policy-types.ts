import type { HandlerContext, OperationInput } from '../../types.js';
import { managementOrganization } from './access.js';
import { organizationsError } from './errors.js';
import { requiredString } from './inputs.js';
import { ID_PATTERNS, type OrganizationsState } from './model.js';
import { findPolicy, policiesState, rootPolicyTypes } from './policy-model.js';
import { requiredPolicyType } from './policies.js';
import { FULL_AWS_ACCESS, SERVICE_CONTROL_POLICY } from './scp-quotas.js';

/**
 * EnablePolicyType: as on AWS, enabling SCPs attaches FullAWSAccess to the root, every OU and every
 * account, so nothing changes until other SCPs are attached.
 */
export function enablePolicyType(input: OperationInput, ctx: HandlerContext): unknown {
  const { orgState, org } = managementOrganization(ctx);
  const rootId = requiredRoot(input, orgState);
  const type = requiredPolicyType(input, 'PolicyType');
  if (org.FeatureSet !== 'ALL') throw organizationsError('PolicyTypeNotAvailableForOrganizationException');
  const store = policiesState(orgState);
  const enabled = (store.enabledTypes[rootId] ??= []);
  if (enabled.includes(type)) throw organizationsError('PolicyTypeAlreadyEnabledException');
  enabled.push(type);
  if (type === SERVICE_CONTROL_POLICY) {
    for (const targetId of [rootId, ...Object.keys(orgState.organizationalUnits), ...Object.keys(orgState.accounts)]) {
      const list = (store.attachments[targetId] ??= []);
      if (!list.includes(FULL_AWS_ACCESS.id)) list.push(FULL_AWS_ACCESS.id);
    }
  }
  return { Root: rootWithPolicyTypes(orgState, rootId) };
}

/** DisablePolicyType: every policy of the type is detached from every root, OU and account. */
export function disablePolicyType(input: OperationInput, ctx: HandlerContext): unknown {
  const { orgState } = managementOrganization(ctx);
  const rootId = requiredRoot(input, orgState);
  const type = requiredPolicyType(input, 'PolicyType');
  const store = policiesState(orgState);
  const enabled = store.enabledTypes[rootId] ?? [];
  if (!enabled.includes(type)) throw organizationsError('PolicyTypeNotEnabledException');
  store.enabledTypes[rootId] = enabled.filter((candidate) => candidate !== type);
  for (const [targetId, ids] of Object.entries(store.attachments)) {
    const kept = ids.filter((id) => findPolicy(orgState, id)?.Type !== type);
    if (kept.length > 0) store.attachments[targetId] = kept;
    else delete store.attachments[targetId];
  }
  return { Root: rootWithPolicyTypes(orgState, rootId) };
}

function requiredRoot(input: OperationInput, orgState: OrganizationsState): string {
  const rootId = requiredString(input, 'RootId', { pattern: ID_PATTERNS.root });
  if (!orgState.roots[rootId]) throw organizationsError('RootNotFoundException');
  return rootId;
}

function rootWithPolicyTypes(orgState: OrganizationsState, rootId: string) {
  const root = orgState.roots[rootId];
  return { Id: rootId, Arn: root?.Arn, Name: root?.Name, PolicyTypes: rootPolicyTypes(orgState, rootId) };
}
