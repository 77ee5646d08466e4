import type { RegionChoice } from '../aws/region-choice.js';
import type { AwsarchError } from '../core/errors.js';
import type { Outcome } from '../core/outcome.js';

/** ok ✓, warning ! (worth knowing, awsarch can still work), failed ✗. */
export type CheckStatus = 'ok' | 'warning' | 'failed';

/** The checks, in the order `awsarch doctor` shows them. */
export type CheckName = 'identity' | 'account' | 'organization' | 'member-role' | 'region' | 'endpoints' | 'sandbox';

/** A problem as awsarch reports errors everywhere: its code, what went wrong, what to do. */
export interface CheckError {
  code: string;
  message: string;
  hint?: string;
}

export interface DoctorCheck {
  name: CheckName;
  status: CheckStatus;
  /** A failed required check makes `doctor` exit 1. */
  required: boolean;
  /** The line's text after the check's name. */
  text: string;
  error?: CheckError;
}

export interface EndpointProbe {
  /** The services (sts, organizations, ec2) that use this URL. */
  services: string[];
  url: string;
  reachable: boolean;
  /** Time to the first byte of the answer: DNS, TCP, TLS and the request. */
  ms?: number;
  /** The HTTP status of the answer (any status proves the endpoint is reachable). */
  httpStatus?: number;
  error?: string;
}

export interface DoctorReport {
  checks: DoctorCheck[];
  identity?: { arn: string; accountId: string; userId: string };
  account?: { id: string; name?: string };
  organization?: { id: string; managementAccountId: string; isManagementAccount: boolean };
  memberRole?: { roleName: string; accountId: string; accountName?: string; assumed: boolean };
  region: RegionChoice;
  endpoints: EndpointProbe[];
  sandbox?: { stateDir: string; endpoint: string; shared: boolean; hasState: boolean; accounts?: number };
}

export function checkError(error: AwsarchError): CheckError {
  return { code: error.code, message: error.message, ...(error.hint ? { hint: error.hint } : {}) };
}

/** Exit 0 when every required check passed, else 1. */
export function doctorOutcome(report: Pick<DoctorReport, 'checks'>): Outcome {
  return report.checks.some((check) => check.required && check.status === 'failed') ? 'failed' : 'ok';
}
