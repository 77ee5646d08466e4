import { enforceServiceControlPolicies } from './scp-enforcement.js';
import type { SandboxState } from './state.js';
import type { Caller, OperationInput, ServiceDefinition } from './types.js';

/** Everything known about a request when deciding whether it may run. */
export interface AuthorizationRequest {
  readonly caller: Caller;
  /** IAM action, e.g. 'organizations:ListAccounts'. */
  readonly action: string;
  readonly service: ServiceDefinition;
  readonly operation: string;
  readonly input: OperationInput;
  readonly region: string;
  /** Read-only view: the organization's OUs and policies live here. */
  readonly state: SandboxState;
}

export type AuthorizationDecision = { readonly allowed: true } | { readonly allowed: false; readonly message: string };

/**
 * The single place where the sandbox decides whether a caller may perform an action; it runs for
 * every authenticated request before the operation handler. IAM identity policies are not
 * evaluated (every sandbox principal is an administrator); service control policies are, for
 * callers in member accounts (the management account is never subject to SCPs). A denial becomes
 * the service's access-denied error with `message`.
 */
export async function authorize(request: AuthorizationRequest): Promise<AuthorizationDecision> {
  return enforceServiceControlPolicies(request);
}
