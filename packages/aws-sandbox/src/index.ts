import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { resolveSandboxOptions, type SandboxOptions } from './options.js';
import { isLiveSandbox, readServerRecord } from './server-record.js';
import { launchSandbox, type RunningSandbox } from './server.js';
import { SANDBOX_SERVICES } from './services/index.js';
import { deleteState } from './state.js';
import { PRIVATE_DIR } from './private-files.js';
import { startSandboxThread } from './thread/start-thread.js';

export { SANDBOX_CREDENTIALS, SANDBOX_MANAGEMENT_ACCOUNT_ID, SANDBOX_MANAGEMENT_EMAIL } from './management-account.js';
export { InvalidFaultSpecError, parseFaultSpec } from './faults.js';
export { SandboxStateError } from './state.js';
/** Records a foreground sandbox in stateDir/server.json so other processes attach to it; its close() removes the record. */
export { recordForegroundSandbox as writeServerRecord } from './server-record.js';
export { SandboxUsageError, type SandboxUsageProblem } from './cli/errors.js';
export { serveForeground, type ForegroundSandbox } from './cli/serve.js';
export { seedState, type SeedReport } from './cli/seed.js';
export { injectFault, type FaultReport } from './cli/fault.js';
export { resetState } from './cli/reset.js';
export { dumpState, type StateDump } from './cli/dump.js';
export { HYBRID_FAULT_NAMES } from './hybrid-faults.js';
export { FUNCTION_FAULT_NAMES } from './services/lambda/function-faults.js';
export type { SandboxOptions } from './options.js';
export type { RunningSandbox } from './server.js';
export type { SandboxCall } from './types.js';

/** Starts a sandbox in this process on 127.0.0.1 (a random free port unless opts.port is set). */
export function startSandbox(opts: SandboxOptions): Promise<RunningSandbox> {
  return launchSandbox(opts, { services: SANDBOX_SERVICES });
}

/**
 * Reuse a live foreground sandbox serving stateDir (recorded in stateDir/server.json by `sandbox start`) or
 * start one in this process; with `thread`, in a worker thread of this process (another core answers).
 */
export async function attachSandbox(
  opts: Omit<SandboxOptions, 'now'>,
  how: { thread?: boolean } = {},
): Promise<RunningSandbox & { reused: boolean }> {
  resolveSandboxOptions(opts);
  const stateDir = resolve(opts.stateDir);
  await mkdir(stateDir, { recursive: true, mode: PRIVATE_DIR });
  const record = await readServerRecord(stateDir);
  if (record && (await isLiveSandbox(record, stateDir))) {
    // The serving process records the calls; this handle cannot see them and must not stop that server.
    return {
      endpoint: record.endpoint,
      port: record.port,
      stateDir,
      calls: [],
      close: async () => undefined,
      reused: true,
    };
  }
  const started = how.thread ? await startSandboxThread(opts) : await startSandbox(opts);
  return { ...started, reused: false };
}

/** Deletes the sandbox state (keeps the directory); the next request starts from an empty management account. */
export function resetSandbox(stateDir: string): Promise<void> {
  return deleteState(resolve(stateDir));
}
