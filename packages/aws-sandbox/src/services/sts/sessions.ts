import { serviceState, unwrapState, type SandboxState } from '../../state.js';

/** Temporary credentials issued by AssumeRole, bound to the role's account. */
export interface StsSession {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly accountId: string;
  readonly roleArn: string;
  readonly roleName: string;
  readonly roleId: string;
  readonly sessionName: string;
  readonly issuedAt: number;
  readonly expiresAt: number;
}

export interface StsState {
  sessions: Record<string, StsSession>;
  /** When expired sessions were last removed (they are looked for at most every PRUNE_INTERVAL_MS). */
  prunedAt?: number;
}

/** Expired sessions are kept this long so their keys get ExpiredToken rather than an invalid-key error. */
const EXPIRED_SESSION_RETENTION_MS = 24 * 60 * 60 * 1000;
/** Looking through every session on every AssumeRole would make each one cost more as they accumulate. */
const PRUNE_INTERVAL_MS = 10 * 60 * 1000;

export function stsState(state: SandboxState): StsState {
  return serviceState<StsState>(state, 'sts', () => ({ sessions: {} }));
}

export function findSession(state: SandboxState, accessKeyId: string): StsSession | undefined {
  return stsState(state).sessions[accessKeyId];
}

export function storeSession(state: SandboxState, session: StsSession, now: number): void {
  const sts = stsState(state);
  const sessions = sts.sessions;
  if (now - (sts.prunedAt ?? 0) >= PRUNE_INTERVAL_MS) {
    for (const [key, existing] of Object.entries(unwrapState(sessions))) {
      if (existing.expiresAt + EXPIRED_SESSION_RETENTION_MS < now) delete sessions[key];
    }
    sts.prunedAt = now;
  }
  sessions[session.accessKeyId] = session;
}

export function assumedRoleArn(session: Pick<StsSession, 'accountId' | 'roleName' | 'sessionName'>): string {
  return `arn:aws:sts::${session.accountId}:assumed-role/${session.roleName}/${session.sessionName}`;
}
