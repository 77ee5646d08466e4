import type { SandboxState } from '../state.js';
import { findRole } from '../services/iam/roles.js';
import type { Caller } from '../types.js';
import { managedPolicyDocument } from './managed-policies.js';

export interface NamedPolicy {
  readonly name: string;
  readonly policy: unknown;
}

/** What a role session may do by its identity: its attached managed policies and its inline policies. */
export function identityPoliciesOf(state: SandboxState, caller: Caller): NamedPolicy[] | undefined {
  if (!caller.session) return undefined;
  const role = findRole(state, caller.accountId, caller.session.roleName);
  // A deleted role's sessions keep their keys but lose every permission, as on AWS.
  if (!role) return [];
  const policies: NamedPolicy[] = [];
  for (const attached of role.AttachedPolicies) {
    const document = managedPolicyDocument(attached.PolicyArn);
    if (document !== undefined) policies.push({ name: attached.PolicyArn, policy: document });
  }
  for (const [name, document] of Object.entries(role.InlinePolicies ?? {})) {
    try {
      policies.push({ name: `inline:${name}`, policy: JSON.parse(document) as unknown });
    } catch {
      // IAM stores only documents it parsed; nothing to grant from one it could not.
    }
  }
  return policies;
}

/** An identity policy set that allows everything and denies nothing (AdministratorAccess alone, or its equal). */
export function allowsEverything(policies: readonly NamedPolicy[]): boolean {
  let allowAll = false;
  for (const { policy } of policies) {
    const statements = (policy as { Statement?: unknown }).Statement;
    for (const statement of Array.isArray(statements) ? statements : [statements]) {
      const { Effect, Action, Resource, Condition, NotAction, NotResource } = (statement ?? {}) as Record<
        string,
        unknown
      >;
      if (Effect === 'Deny') return false;
      if (
        Effect === 'Allow' &&
        Condition === undefined &&
        NotAction === undefined &&
        NotResource === undefined &&
        (Action === '*' || (Array.isArray(Action) && Action.includes('*'))) &&
        (Resource === '*' || (Array.isArray(Resource) && Resource.includes('*')))
      )
        allowAll = true;
    }
  }
  return allowAll;
}
