// The entry of a worker thread that serves the sandbox (see start-thread.ts): a --sandbox command's AWS
// calls are answered on the machine's second core while the command's own work runs on the first.
import { parentPort, workerData } from 'node:worker_threads';
import { launchSandbox } from '../server.js';
import { SANDBOX_SERVICES } from '../services/index.js';
import type { ThreadReply, ThreadRequest, ThreadStart } from './messages.js';

const port = parentPort;
if (!port) throw new Error('sandbox-thread.js runs as a worker thread only');

const reply = (message: ThreadReply) => port.postMessage(message);

try {
  const { options } = workerData as ThreadStart;
  const sandbox = await launchSandbox(options, { services: SANDBOX_SERVICES });
  port.on('message', (message: ThreadRequest) => {
    if (message.type !== 'close') return;
    void sandbox.close().then(
      () => reply({ type: 'closed', requests: sandbox.calls.length }),
      (error: unknown) => reply({ type: 'failed', name: 'Error', message: String(error) }),
    );
  });
  reply({ type: 'ready', endpoint: sandbox.endpoint, port: sandbox.port, stateDir: sandbox.stateDir });
} catch (error) {
  const failure = error instanceof Error ? error : new Error(String(error));
  reply({
    type: 'failed',
    name: failure.name,
    message: failure.message,
    code: (failure as NodeJS.ErrnoException).code,
  });
}
