import { paginate } from '../../pagination.js';
import type { HandlerContext, OperationInput } from '../../types.js';
import { managementOrganization } from './access.js';
import { constraintViolation, organizationsError } from './errors.js';
import {
  invalidNextToken,
  MAX_PAGE_SIZE,
  MAX_TAGS_PER_RESOURCE,
  optionalString,
  requiredString,
  requiredStringList,
  tagList,
} from './inputs.js';
import { ID_PATTERNS, type OrganizationsState } from './model.js';

export function tagResource(input: OperationInput, ctx: HandlerContext): unknown {
  const { orgState } = managementOrganization(ctx);
  const resourceId = taggableResource(input, orgState);
  const merged = new Map((orgState.tags[resourceId] ?? []).map((tag) => [tag.Key, tag.Value]));
  for (const tag of tagList(input, 'Tags', true)) merged.set(tag.Key, tag.Value);
  if (merged.size > MAX_TAGS_PER_RESOURCE) throw constraintViolation('MAX_TAG_LIMIT_EXCEEDED');
  orgState.tags[resourceId] = [...merged].map(([Key, Value]) => ({ Key, Value }));
  return undefined;
}

export function untagResource(input: OperationInput, ctx: HandlerContext): unknown {
  const { orgState } = managementOrganization(ctx);
  const resourceId = taggableResource(input, orgState);
  const keys = new Set(requiredStringList(input, 'TagKeys'));
  const remaining = (orgState.tags[resourceId] ?? []).filter((tag) => !keys.has(tag.Key));
  if (remaining.length > 0) orgState.tags[resourceId] = remaining;
  else delete orgState.tags[resourceId];
  return undefined;
}

export function listTagsForResource(input: OperationInput, ctx: HandlerContext): unknown {
  const { orgState } = managementOrganization(ctx);
  const resourceId = taggableResource(input, orgState);
  const nextToken = optionalString(input, 'NextToken');
  const page = paginate(
    orgState.tags[resourceId] ?? [],
    (tag) => tag.Key,
    `ListTagsForResource:${resourceId}`,
    { maxResults: MAX_PAGE_SIZE, nextToken },
    invalidNextToken,
  );
  return { Tags: page.items, NextToken: page.nextToken };
}

/** ResourceId of a tagging request: an existing root, OU, account or customer-managed policy. */
function taggableResource(input: OperationInput, orgState: OrganizationsState): string {
  const resourceId = requiredString(input, 'ResourceId', { pattern: ID_PATTERNS.taggable });
  const exists =
    orgState.roots[resourceId] !== undefined ||
    orgState.organizationalUnits[resourceId] !== undefined ||
    orgState.accounts[resourceId] !== undefined ||
    orgState.policies?.policies[resourceId] !== undefined;
  if (!exists) throw organizationsError('TargetNotFoundException');
  return resourceId;
}
