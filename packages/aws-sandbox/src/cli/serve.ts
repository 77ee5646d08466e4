import { resolve } from 'node:path';
import { recordForegroundSandbox } from '../server-record.js';
import { launchSandbox } from '../server.js';
import { SANDBOX_SERVICES } from '../services/index.js';
import { SandboxUsageError } from './errors.js';

/** A sandbox served in the foreground for other processes to reuse (recorded in stateDir/server.json). */
export interface ForegroundSandbox {
  endpoint: string;
  port: number;
  stateDir: string;
  /** Requests served so far. */
  requests(): number;
  /** Stops serving and removes the record; the state stays. */
  stop(): Promise<{ endpoint: string; stateDir: string; requests: number }>;
}

/** Starts the sandbox on 127.0.0.1:port and records it so `--sandbox` processes using stateDir attach to it. */
export async function serveForeground(options: { stateDir: string; port: number }): Promise<ForegroundSandbox> {
  const stateDir = resolve(options.stateDir);
  const sandbox = await launchSandbox({ stateDir, port: options.port }, { services: SANDBOX_SERVICES }).catch(
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE')
        throw new SandboxUsageError('port-in-use', `port ${options.port} on 127.0.0.1 is already in use`);
      throw error;
    },
  );
  await recordForegroundSandbox(stateDir, sandbox);
  return {
    endpoint: sandbox.endpoint,
    port: sandbox.port,
    stateDir,
    requests: () => sandbox.calls.length,
    stop: async () => {
      const requests = sandbox.calls.length;
      await sandbox.close();
      return { endpoint: sandbox.endpoint, stateDir, requests };
    },
  };
}
