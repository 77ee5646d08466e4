import { SANDBOX_MANAGEMENT_PRINCIPAL_ARN, SANDBOX_USER_ID } from './management-account.js';
import { assumedRoleArn, findSession, sessionTokenMatches } from './services/sts/sessions.js';
import type { SandboxState } from './state.js';
import type { Caller } from './types.js';

export type CallerResolution =
  | { readonly kind: 'caller'; readonly caller: Caller }
  | { readonly kind: 'invalid-token' }
  | { readonly kind: 'expired-token' };

/**
 * Maps an access key to the caller. Keys the sandbox issued (ASIA…) act in their role's account;
 * any other key acts as the management account's IAM user, so any configured profile works.
 */
export function resolveCaller(
  state: SandboxState,
  credentials: { readonly accessKeyId: string; readonly securityToken: string | undefined },
  now: number,
): CallerResolution {
  const { accessKeyId } = credentials;
  if (!accessKeyId.startsWith('ASIA')) {
    return {
      kind: 'caller',
      caller: {
        accountId: state.managementAccountId,
        principalArn: SANDBOX_MANAGEMENT_PRINCIPAL_ARN.replace(/::\d{12}:/, `::${state.managementAccountId}:`),
        userId: SANDBOX_USER_ID,
        accessKeyId,
      },
    };
  }
  const session = findSession(state, accessKeyId);
  if (!session || !sessionTokenMatches(session, credentials.securityToken)) return { kind: 'invalid-token' };
  if (now >= session.expiresAt) return { kind: 'expired-token' };
  return {
    kind: 'caller',
    caller: {
      accountId: session.accountId,
      principalArn: assumedRoleArn(session),
      userId: `${session.roleId}:${session.sessionName}`,
      accessKeyId,
      session: {
        roleArn: session.roleArn,
        roleName: session.roleName,
        sessionName: session.sessionName,
        expiresAt: session.expiresAt,
      },
    },
  };
}
