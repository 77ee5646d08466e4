import { managedPolicyDocument } from '../../authorization/managed-policies.js';
import { accountPrincipalAllows, identityDocumentsAllow } from '../../service-principal-policy.js';
import type { SandboxState } from '../../state.js';
import { findRole } from '../iam/roles.js';
import type { OrganizationsState } from '../organizations/model.js';
import type { EventBusRecord, RuleRecord, RuleTarget } from './model.js';

const accountOf = (arn: string) => arn.split(':')[4] ?? '';

/**
 * Whether a rule may send an event to another account's bus, as the EventBridge User Guide ("Sending and receiving
 * events between AWS accounts") and PutPermission describe it:
 * - without a RoleArn, the target bus's policy must let the rule's account (its root, or "*") events:PutEvents;
 *   a grant to an organization does not count, because such grants need the rule to name a role;
 * - with a RoleArn, the role (in the rule's account, trusting events.amazonaws.com) must be allowed
 *   events:PutEvents on the bus by its own policies, and the bus policy must let the role, its account or the
 *   organization (aws:PrincipalOrgID) in.
 */
export function busAcceptsForwarding(
  state: SandboxState,
  rule: RuleRecord,
  target: RuleTarget,
  bus: EventBusRecord,
): boolean {
  const sourceAccount = accountOf(rule.arn);
  const request = { action: 'events:PutEvents', resource: bus.arn };
  if (!target.RoleArn) {
    return accountPrincipalAllows(bus.policy, {
      ...request,
      principalArn: `arn:aws:iam::${sourceAccount}:root`,
      accountId: sourceAccount,
      context: { 'aws:PrincipalAccount': sourceAccount, 'aws:SourceArn': rule.arn },
    });
  }
  if (accountOf(target.RoleArn) !== sourceAccount) return false;
  const role = findRole(state, sourceAccount, target.RoleArn.split('/').at(-1) ?? '');
  if (!role || role.Arn !== target.RoleArn || !trustsEventBridge(role.AssumeRolePolicyDocument)) return false;
  const documents = [
    ...role.AttachedPolicies.map((attached) => managedPolicyDocument(attached.PolicyArn)),
    ...Object.values(role.InlinePolicies ?? {}).map((text) => parsedOrUndefined(text)),
  ].filter((document) => document !== undefined);
  const orgId = organizationOf(state, sourceAccount);
  const context = {
    'aws:PrincipalAccount': sourceAccount,
    'aws:PrincipalArn': role.Arn,
    ...(orgId ? { 'aws:PrincipalOrgID': orgId } : {}),
  };
  return (
    identityDocumentsAllow(documents, { ...request, context }) &&
    accountPrincipalAllows(bus.policy, { ...request, principalArn: role.Arn, accountId: sourceAccount, context })
  );
}

function parsedOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function safelyDecoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** A trust policy with an Allow of sts:AssumeRole for events.amazonaws.com (conditions are not weighed here). */
function trustsEventBridge(trustPolicy: string): boolean {
  // IAM keeps the document as given; one still URL-encoded (as IAM returns it on the wire) parses once decoded.
  const document = (parsedOrUndefined(trustPolicy) ?? parsedOrUndefined(safelyDecoded(trustPolicy))) as
    { Statement?: unknown } | undefined;
  const statements = Array.isArray(document?.Statement) ? document.Statement : [document?.Statement];
  return statements.some((statement) => {
    const { Effect, Principal, Action } = (statement ?? {}) as Record<string, unknown>;
    const services = (Principal as { Service?: unknown } | undefined)?.Service;
    const actions = Array.isArray(Action) ? Action : [Action];
    return (
      Effect === 'Allow' &&
      (Array.isArray(services) ? services : [services]).includes('events.amazonaws.com') &&
      actions.some((action) => action === 'sts:AssumeRole' || action === 'sts:*' || action === '*')
    );
  });
}

function organizationOf(state: SandboxState, accountId: string): string | undefined {
  const organizations = state.services.organizations as OrganizationsState | undefined;
  const org = organizations?.organization;
  if (!org) return undefined;
  return org.MasterAccountId === accountId || organizations.accounts[accountId] ? org.Id : undefined;
}
