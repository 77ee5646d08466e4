/** An AWS error response: the protocol turns it into its own wire shape. */
export class SandboxServiceError extends Error {
  readonly code: string;
  /** HTTP status; protocols default to 400. */
  readonly status: number | undefined;
  /** Extra members of the error shape, e.g. { Reason: 'OU_DEPTH_LIMIT_EXCEEDED' } (structures as objects). */
  readonly extra: Readonly<Record<string, unknown>>;

  constructor(code: string, message: string, options: { status?: number; extra?: Record<string, unknown> } = {}) {
    super(message);
    this.name = code;
    this.code = code;
    this.status = options.status;
    this.extra = options.extra ?? {};
  }
}

/** Status for an error, defaulting client errors to 400 as AWS does. */
export function statusOf(error: SandboxServiceError): number {
  return error.status ?? 400;
}
