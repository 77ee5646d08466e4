import { SandboxServiceError } from '../../errors.js';
import { randomLowercaseAlphanumeric, uniqueId } from '../../ids.js';
import { creationOrderKey, paginate } from '../../pagination.js';
import type { HandlerContext, OperationInput } from '../../types.js';
import { managementOrganization } from './access.js';
import { constraintViolation, invalidInput, ORGANIZATIONS_ERRORS, organizationsError } from './errors.js';
import { invalidNextToken, optionalString, pageRequest, requiredEnum, requiredString, tagList } from './inputs.js';
import { nextSequence, type OrganizationsState } from './model.js';
import {
  FULL_AWS_ACCESS_RECORD,
  findPolicy,
  isAwsManaged,
  POLICY_ID_PATTERN,
  POLICY_TYPES,
  policiesState,
  policyArn,
  policySummaryView,
  type PolicyRecord,
} from './policy-model.js';
import { scpDocumentProblem } from './scp-document.js';
import { SCP_DOCUMENT_MAX_CHARACTERS, SCPS_PER_ORGANIZATION, SERVICE_CONTROL_POLICY } from './scp-quotas.js';

const MAX_CONTENT_LENGTH = 1_000_000;

/** CreatePolicy: a new customer-managed policy (the sandbox implements SERVICE_CONTROL_POLICY). */
export function createPolicy(input: OperationInput, ctx: HandlerContext): unknown {
  const { orgState, org } = managementOrganization(ctx);
  const name = requiredString(input, 'Name', { min: 1, max: 128 });
  const description = requiredString(input, 'Description', { max: 512 });
  const content = requiredString(input, 'Content', { min: 1, max: MAX_CONTENT_LENGTH });
  const type = requiredPolicyType(input);
  const tags = tagList(input, 'Tags', false);
  assertUniqueName(orgState, type, name);
  const store = policiesState(orgState);
  if (Object.values(store.policies).filter((policy) => policy.Type === type).length >= SCPS_PER_ORGANIZATION) {
    throw constraintViolation('POLICY_NUMBER_LIMIT_EXCEEDED');
  }
  checkScpContent(content);
  const id = uniqueId(
    () => `p-${randomLowercaseAlphanumeric(8)}`,
    (candidate) => store.policies[candidate] !== undefined,
  );
  const policy: PolicyRecord = {
    Id: id,
    Arn: policyArn(org, type, id),
    Name: name,
    Description: description,
    Type: type,
    Content: content,
    Sequence: nextSequence(orgState),
  };
  store.policies[id] = policy;
  if (tags.length > 0) orgState.tags[id] = tags;
  return { Policy: { PolicySummary: policySummaryView(policy), Content: policy.Content } };
}

/** UpdatePolicy: new name, description and/or content; AWS-managed policies cannot be changed. */
export function updatePolicy(input: OperationInput, ctx: HandlerContext): unknown {
  const { orgState } = managementOrganization(ctx);
  const policy = requiredPolicy(input, orgState);
  const name = optionalString(input, 'Name', { min: 1, max: 128 });
  const description = optionalString(input, 'Description', { max: 512 });
  const content = optionalString(input, 'Content', { min: 1, max: MAX_CONTENT_LENGTH });
  if (isAwsManaged(policy)) throw organizationsError('AccessDeniedException');
  if (name !== undefined && name !== policy.Name) assertUniqueName(orgState, policy.Type, name);
  if (content !== undefined) checkScpContent(content);
  if (name !== undefined) policy.Name = name;
  if (description !== undefined) policy.Description = description;
  if (content !== undefined) policy.Content = content;
  return { Policy: { PolicySummary: policySummaryView(policy), Content: policy.Content } };
}

export function deletePolicy(input: OperationInput, ctx: HandlerContext): unknown {
  const { orgState } = managementOrganization(ctx);
  const policy = requiredPolicy(input, orgState);
  if (isAwsManaged(policy)) throw organizationsError('AccessDeniedException');
  const store = policiesState(orgState);
  if (Object.values(store.attachments).some((ids) => ids.includes(policy.Id)))
    throw organizationsError('PolicyInUseException');
  delete store.policies[policy.Id];
  delete orgState.tags[policy.Id];
  return undefined;
}

export function describePolicy(input: OperationInput, ctx: HandlerContext): unknown {
  const { orgState } = managementOrganization(ctx);
  const policy = requiredPolicy(input, orgState);
  return { Policy: { PolicySummary: policySummaryView(policy), Content: policy.Content } };
}

/** ListPolicies: every policy of the Filter type, AWS-managed ones included. */
export function listPolicies(input: OperationInput, ctx: HandlerContext): unknown {
  const { orgState } = managementOrganization(ctx);
  const type = requiredPolicyType(input, 'Filter');
  const policies = [
    ...(type === SERVICE_CONTROL_POLICY ? [FULL_AWS_ACCESS_RECORD] : []),
    ...Object.values(orgState.policies?.policies ?? {}).filter((policy) => policy.Type === type),
  ];
  const page = paginate(
    policies,
    (policy) => creationOrderKey(policy.Sequence),
    `ListPolicies:${type}`,
    pageRequest(input),
    invalidNextToken,
  );
  return { Policies: page.items.map(policySummaryView), NextToken: page.nextToken };
}

/** PolicyId of a request: well-formed and existing. */
export function requiredPolicy(input: OperationInput, orgState: OrganizationsState): PolicyRecord {
  const id = requiredString(input, 'PolicyId', {
    pattern: POLICY_ID_PATTERN,
    patternReason: 'INVALID_SYNTAX_POLICY_ID',
  });
  const policy = findPolicy(orgState, id);
  if (!policy) throw organizationsError('PolicyNotFoundException');
  return policy;
}

/** A policy type member; types other than SCPs exist in the API but not in the sandbox. */
export function requiredPolicyType(input: OperationInput, member = 'Type'): string {
  const value = input[member];
  if (typeof value === 'string' && !(POLICY_TYPES as readonly string[]).includes(value))
    throw invalidInput('INVALID_ENUM_POLICY_TYPE');
  const type = requiredEnum(input, member, POLICY_TYPES);
  if (type !== SERVICE_CONTROL_POLICY) {
    throw new SandboxServiceError(
      'PolicyTypeNotAvailableForOrganizationException',
      `${ORGANIZATIONS_ERRORS.PolicyTypeNotAvailableForOrganizationException} (The awsarch sandbox implements only ${SERVICE_CONTROL_POLICY}.)`,
      { status: 400 },
    );
  }
  return type;
}

function assertUniqueName(orgState: OrganizationsState, type: string, name: string): void {
  const taken =
    (type === SERVICE_CONTROL_POLICY && name === FULL_AWS_ACCESS_RECORD.Name) ||
    Object.values(orgState.policies?.policies ?? {}).some((policy) => policy.Type === type && policy.Name === name);
  if (taken) throw organizationsError('DuplicatePolicyException');
}

/**
 * The checks AWS makes on SCP content: the size quota on the text as stored (the API removes no
 * white space; counted in UTF-8 bytes, equal to characters for ASCII) and the SCP syntax. Whether
 * actions exist is not checked, as on AWS.
 */
function checkScpContent(content: string): void {
  if (Buffer.byteLength(content, 'utf8') > SCP_DOCUMENT_MAX_CHARACTERS)
    throw constraintViolation('POLICY_CONTENT_LIMIT_EXCEEDED');
  const problem = scpDocumentProblem(content);
  if (problem) throw malformed(problem);
}

function malformed(detail: string): SandboxServiceError {
  return new SandboxServiceError(
    'MalformedPolicyDocumentException',
    `${ORGANIZATIONS_ERRORS.MalformedPolicyDocumentException} ${detail}`,
    { status: 400 },
  );
}
