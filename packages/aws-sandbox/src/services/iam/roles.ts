import { serviceState, type SandboxState } from '../../state.js';

/** An IAM role as the IAM API describes it (GetRole), plus its attached managed policies. */
export interface IamRoleRecord {
  RoleName: string;
  RoleId: string;
  Arn: string;
  Path: string;
  /** ISO-8601, as IAM returns it. */
  CreateDate: string;
  /** The trust policy as a JSON string (IAM returns it URL-encoded on the wire). */
  AssumeRolePolicyDocument: string;
  MaxSessionDuration: number;
  Description?: string;
  AttachedPolicies: Array<{ PolicyName: string; PolicyArn: string }>;
  /** Inline policies by name: the JSON text as put (PutRolePolicy, CloudFormation's Policies). */
  InlinePolicies?: Record<string, string>;
}

/** IAM is per account: state.services.iam.accounts[ACCOUNT].roles[ROLE_NAME]. */
export interface IamState {
  accounts: Record<string, { roles: Record<string, IamRoleRecord> }>;
}

export function iamState(state: SandboxState): IamState {
  return serviceState<IamState>(state, 'iam', () => ({ accounts: {} }));
}

export function findRole(state: SandboxState, accountId: string, roleName: string): IamRoleRecord | undefined {
  return iamState(state).accounts[accountId]?.roles[roleName];
}

export function putRole(state: SandboxState, accountId: string, role: IamRoleRecord): void {
  const accounts = iamState(state).accounts;
  const account = (accounts[accountId] ??= { roles: {} });
  account.roles[role.RoleName] = role;
}

/** The trust policy AWS gives a role that the given account may assume. */
export function trustAccountPolicy(trustedAccountId: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${trustedAccountId}:root` }, Action: 'sts:AssumeRole' },
    ],
  });
}
