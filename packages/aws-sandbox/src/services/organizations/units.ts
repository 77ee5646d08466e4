import { randomLowercaseAlphanumeric, uniqueId } from '../../ids.js';
import { creationOrderKey, paginate } from '../../pagination.js';
import type { HandlerContext, OperationInput } from '../../types.js';
import { managementOrganization } from './access.js';
import { constraintViolation, organizationsError } from './errors.js';
import { invalidNextToken, pageRequest, requiredEnum, requiredString, tagList } from './inputs.js';
import {
  containerExists,
  ID_PATTERNS,
  nextSequence,
  organizationalUnitArn,
  organizationalUnitDepth,
  type OrganizationsState,
} from './model.js';
import { attachDefaultScp } from './policy-model.js';
import { organizationalUnitView } from './views.js';

/** With SCPs enabled an OU tree may be five levels deep below the root. */
const MAX_OU_DEPTH = 5;
const MAX_ORGANIZATIONAL_UNITS = 1000;

export function createOrganizationalUnit(input: OperationInput, ctx: HandlerContext): unknown {
  const { orgState, org } = managementOrganization(ctx);
  const parentId = requiredString(input, 'ParentId', { pattern: ID_PATTERNS.parent });
  const name = requiredString(input, 'Name', { min: 1, max: 128 });
  const tags = tagList(input, 'Tags', false);
  if (!containerExists(orgState, parentId)) throw organizationsError('ParentNotFoundException');
  const siblings = Object.values(orgState.organizationalUnits).filter((ou) => ou.ParentId === parentId);
  if (siblings.some((ou) => ou.Name === name)) throw organizationsError('DuplicateOrganizationalUnitException');
  const parentDepth = orgState.roots[parentId] ? 0 : organizationalUnitDepth(orgState, parentId);
  if (parentDepth + 1 > MAX_OU_DEPTH) throw constraintViolation('OU_DEPTH_LIMIT_EXCEEDED');
  if (Object.keys(orgState.organizationalUnits).length >= MAX_ORGANIZATIONAL_UNITS) {
    throw constraintViolation('OU_NUMBER_LIMIT_EXCEEDED');
  }
  const rootSuffix = org.RootId.slice('r-'.length);
  const id = uniqueId(
    () => `ou-${rootSuffix}-${randomLowercaseAlphanumeric(8)}`,
    (candidate) => orgState.organizationalUnits[candidate] !== undefined,
  );
  const ou = {
    Id: id,
    Arn: organizationalUnitArn(org, id),
    Name: name,
    ParentId: parentId,
    Sequence: nextSequence(orgState),
  };
  orgState.organizationalUnits[id] = ou;
  if (tags.length > 0) orgState.tags[id] = tags;
  attachDefaultScp(orgState, id);
  return { OrganizationalUnit: organizationalUnitView(orgState, ou) };
}

/** DeleteOrganizationalUnit: only an OU without accounts and child OUs; its attachments and tags go with it. */
export function deleteOrganizationalUnit(input: OperationInput, ctx: HandlerContext): unknown {
  const { orgState } = managementOrganization(ctx);
  const id = requiredString(input, 'OrganizationalUnitId', { pattern: ID_PATTERNS.organizationalUnit });
  if (!orgState.organizationalUnits[id]) throw organizationsError('OrganizationalUnitNotFoundException');
  const occupied =
    Object.values(orgState.accounts).some((account) => account.ParentId === id) ||
    Object.values(orgState.organizationalUnits).some((ou) => ou.ParentId === id);
  if (occupied) throw organizationsError('OrganizationalUnitNotEmptyException');
  delete orgState.organizationalUnits[id];
  delete orgState.tags[id];
  if (orgState.policies) delete orgState.policies.attachments[id];
  return undefined;
}

export function describeOrganizationalUnit(input: OperationInput, ctx: HandlerContext): unknown {
  const { orgState } = managementOrganization(ctx);
  const id = requiredString(input, 'OrganizationalUnitId', { pattern: ID_PATTERNS.organizationalUnit });
  const ou = orgState.organizationalUnits[id];
  if (!ou) throw organizationsError('OrganizationalUnitNotFoundException');
  return { OrganizationalUnit: organizationalUnitView(orgState, ou) };
}

export function listOrganizationalUnitsForParent(input: OperationInput, ctx: HandlerContext): unknown {
  const { orgState } = managementOrganization(ctx);
  const parentId = requiredParent(input, orgState);
  const page = paginate(
    Object.values(orgState.organizationalUnits).filter((ou) => ou.ParentId === parentId),
    (ou) => creationOrderKey(ou.Sequence),
    `ListOrganizationalUnitsForParent:${parentId}`,
    pageRequest(input),
    invalidNextToken,
  );
  return {
    OrganizationalUnits: page.items.map((ou) => organizationalUnitView(orgState, ou)),
    NextToken: page.nextToken,
  };
}

export function listChildren(input: OperationInput, ctx: HandlerContext): unknown {
  const { orgState } = managementOrganization(ctx);
  const parentId = requiredParent(input, orgState);
  const childType = requiredEnum(input, 'ChildType', ['ACCOUNT', 'ORGANIZATIONAL_UNIT'] as const);
  const children =
    childType === 'ACCOUNT'
      ? Object.values(orgState.accounts)
          .filter((account) => account.ParentId === parentId)
          .map((account) => ({ Id: account.Id, sequence: account.Sequence }))
      : Object.values(orgState.organizationalUnits)
          .filter((ou) => ou.ParentId === parentId)
          .map((ou) => ({ Id: ou.Id, sequence: ou.Sequence }));
  const page = paginate(
    children,
    (child) => creationOrderKey(child.sequence),
    `ListChildren:${parentId}:${childType}`,
    pageRequest(input),
    invalidNextToken,
  );
  return { Children: page.items.map((child) => ({ Id: child.Id, Type: childType })), NextToken: page.nextToken };
}

export function listParents(input: OperationInput, ctx: HandlerContext): unknown {
  const { orgState } = managementOrganization(ctx);
  const childId = requiredString(input, 'ChildId', { pattern: ID_PATTERNS.child });
  const parentId = orgState.accounts[childId]?.ParentId ?? orgState.organizationalUnits[childId]?.ParentId;
  if (parentId === undefined) throw organizationsError('ChildNotFoundException');
  const parents = [{ Id: parentId, Type: orgState.roots[parentId] ? 'ROOT' : 'ORGANIZATIONAL_UNIT' }];
  const page = paginate(parents, (parent) => parent.Id, `ListParents:${childId}`, pageRequest(input), invalidNextToken);
  return { Parents: page.items, NextToken: page.nextToken };
}

/** ParentId of a List* request: a root or OU that exists. */
export function requiredParent(input: OperationInput, orgState: OrganizationsState): string {
  const parentId = requiredString(input, 'ParentId', { pattern: ID_PATTERNS.parent });
  if (!containerExists(orgState, parentId)) throw organizationsError('ParentNotFoundException');
  return parentId;
}
