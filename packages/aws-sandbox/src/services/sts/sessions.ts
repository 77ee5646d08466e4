import { createHash, timingSafeEqual } from 'node:crypto';
import { serviceState, unwrapState, type SandboxState } from '../../state.js';

/**
 * Temporary credentials issued by AssumeRole, bound to the role's account. Only a SHA-256 of the session
 * token is kept, to recognise it; the secret key is not kept at all (the sandbox checks no signatures,
 * and AWS's SigV4 check would need the key itself, which the state file must not hold).
 */
export interface StsSession {
  readonly accessKeyId: string;
  readonly sessionTokenSha256: string;
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
  const sts = serviceState<StsState>(state, 'sts', () => ({ sessions: {} }));
  forgetLegacySecrets(sts);
  return sts;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Whether a request's x-amz-security-token is the one issued with the session (compared in constant time). */
export function sessionTokenMatches(session: StsSession, token: string | undefined): boolean {
  if (token === undefined) return false;
  const expected = Buffer.from(session.sessionTokenSha256, 'hex');
  const given = Buffer.from(sha256Hex(token), 'hex');
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** State written by earlier sandboxes held the secrets themselves: keep only the token's hash. */
export function forgetLegacySecrets(sts: StsState): void {
  for (const [key, session] of Object.entries(sts.sessions)) {
    const legacy = session as StsSession & { secretAccessKey?: string; sessionToken?: string };
    if (legacy.sessionToken === undefined && legacy.secretAccessKey === undefined) continue;
    const { secretAccessKey: _secret, sessionToken, ...rest } = legacy;
    sts.sessions[key] = { ...rest, sessionTokenSha256: rest.sessionTokenSha256 ?? sha256Hex(sessionToken ?? '') };
  }
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
