/** What the Node.js runtime reports for a failed invocation (the payload of a function error). */
export interface FunctionErrorPayload {
  readonly errorType: string;
  readonly errorMessage: string;
  readonly trace: readonly string[];
}

/**
 * How one invocation ended. A function error (`Unhandled`: the handler threw or timed out, or the runtime
 * failed) is the function's; `throttled` means no capacity was available (only for synchronous calls to a
 * function whose reserved concurrency is used up), and the function never ran.
 */
export type InvocationOutcome =
  | { readonly kind: 'succeeded'; readonly payload: string; readonly durationMs: number }
  | {
      readonly kind: 'failed';
      readonly error: FunctionErrorPayload;
      readonly durationMs: number;
      /** init: the module or handler could not be loaded; timeout; crash: the environment died. */
      readonly phase: 'init' | 'invoke' | 'timeout' | 'crash' | 'injected';
    }
  | { readonly kind: 'throttled'; readonly reason: string };

/** The error payload of a failed outcome, as the invoker receives it. */
export function errorPayloadText(error: FunctionErrorPayload): string {
  return JSON.stringify(error);
}
