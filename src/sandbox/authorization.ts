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
 * every authenticated request before the operation handler. Everything is allowed today. Service
 * control policies will be enforced here for member-account callers (the management account is
 * never subject to SCPs); a denial becomes the service's access-denied error with `message`.
 */
export function authorize(request: AuthorizationRequest): AuthorizationDecision {
  void request;
  return { allowed: true };
}

/** The wording AWS uses when a service control policy denies an action. */
export function explicitDenyMessage(request: Pick<AuthorizationRequest, 'caller' | 'action'>): string {
  const { caller, action } = request;
  return `User: ${caller.principalArn} is not authorized to perform: ${action} with an explicit deny in a service control policy`;
}
