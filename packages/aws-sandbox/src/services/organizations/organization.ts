import { randomLowercaseAlphanumeric } from '../../ids.js';
import { SANDBOX_MANAGEMENT_ACCOUNT_NAME, SANDBOX_MANAGEMENT_EMAIL } from '../../management-account.js';
import { creationOrderKey, paginate } from '../../pagination.js';
import type { HandlerContext, OperationInput } from '../../types.js';
import { callerOrganization, managementOrganization } from './access.js';
import { organizationsError } from './errors.js';
import { invalidNextToken, optionalEnum, pageRequest } from './inputs.js';
import {
  accountArn,
  nextSequence,
  organizationArn,
  organizationsState,
  rootArn,
  type OrganizationRecord,
} from './model.js';
import { rootPolicyTypes } from './policy-model.js';
import { organizationView, rootView } from './views.js';

/** CreateOrganization: the caller's account becomes the management account, in a new root. */
export function createOrganization(input: OperationInput, ctx: HandlerContext): unknown {
  const orgState = organizationsState(ctx.state);
  if (orgState.organization) throw organizationsError('AlreadyInOrganizationException');
  const featureSet = optionalEnum(input, 'FeatureSet', ['ALL', 'CONSOLIDATED_BILLING'] as const) ?? 'ALL';
  const now = ctx.now();
  const managementAccountId = ctx.caller.accountId;
  const ids = { Id: `o-${randomLowercaseAlphanumeric(10)}`, MasterAccountId: managementAccountId };
  const rootId = `r-${randomLowercaseAlphanumeric(4)}`;
  const org: OrganizationRecord = {
    ...ids,
    Arn: organizationArn(ids),
    FeatureSet: featureSet,
    MasterAccountArn: accountArn(ids, managementAccountId),
    MasterAccountEmail: SANDBOX_MANAGEMENT_EMAIL,
    RootId: rootId,
  };
  orgState.organization = org;
  orgState.roots[rootId] = { Id: rootId, Arn: rootArn(ids, rootId), Name: 'Root', Sequence: nextSequence(orgState) };
  orgState.accounts[managementAccountId] = {
    Id: managementAccountId,
    Arn: org.MasterAccountArn,
    Email: SANDBOX_MANAGEMENT_EMAIL,
    Name: SANDBOX_MANAGEMENT_ACCOUNT_NAME,
    ParentId: rootId,
    JoinedMethod: 'INVITED',
    JoinedTimestamp: now,
    Sequence: nextSequence(orgState),
  };
  return { Organization: organizationView(org) };
}

/** DescribeOrganization: any account of the organization may call it. */
export function describeOrganization(_input: OperationInput, ctx: HandlerContext): unknown {
  return { Organization: organizationView(callerOrganization(ctx).org) };
}

export function listRoots(input: OperationInput, ctx: HandlerContext): unknown {
  const { orgState } = managementOrganization(ctx);
  const page = paginate(
    Object.values(orgState.roots),
    (root) => creationOrderKey(root.Sequence),
    'ListRoots',
    pageRequest(input),
    invalidNextToken,
  );
  return {
    Roots: page.items.map((root) => rootView(root, rootPolicyTypes(orgState, root.Id))),
    NextToken: page.nextToken,
  };
}
