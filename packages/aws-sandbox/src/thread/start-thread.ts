import { Worker } from 'node:worker_threads';
import type { SandboxOptions } from '../options.js';
import type { RunningSandbox } from '../server.js';
import { SandboxStateError } from '../state.js';
import type { ThreadReply, ThreadStart } from './messages.js';

/** The error a thread reported, as the same kind of error the sandbox throws in-process. */
function rebuilt(reply: Extract<ThreadReply, { type: 'failed' }>): Error {
  const error = reply.name === 'SandboxStateError' ? new SandboxStateError(reply.message) : new Error(reply.message);
  if (reply.code) (error as NodeJS.ErrnoException).code = reply.code;
  return error;
}

/**
 * Starts the sandbox in a worker thread of this process: the same server as startSandbox(), answering on
 * another core. Its `calls` stay empty (the thread keeps them); close() stops the server and the thread.
 */
export async function startSandboxThread(options: Omit<SandboxOptions, 'now'>): Promise<RunningSandbox> {
  const start: ThreadStart = { options };
  const worker = new Worker(new URL('./sandbox-thread.js', import.meta.url), { workerData: start });
  const replies: ThreadReply[] = [];
  const waiters: Array<(reply: ThreadReply) => void> = [];
  const deliver = (reply: ThreadReply) => {
    const waiter = waiters.shift();
    if (waiter) waiter(reply);
    else replies.push(reply);
  };
  worker.on('message', deliver);
  worker.on('error', (error) => deliver({ type: 'failed', name: error.name, message: error.message }));
  worker.on('exit', (code) =>
    deliver({ type: 'failed', name: 'Error', message: `the sandbox thread exited (${code})` }),
  );
  const next = () =>
    new Promise<ThreadReply>((resolve) => {
      const queued = replies.shift();
      if (queued) resolve(queued);
      else waiters.push(resolve);
    });
  const ready = await next();
  if (ready.type !== 'ready') {
    await worker.terminate();
    throw ready.type === 'failed' ? rebuilt(ready) : new Error('the sandbox thread answered out of turn');
  }
  // The thread must not keep the process alive on its own; the command ends it with close().
  worker.unref();
  let closing: Promise<void> | undefined;
  return {
    endpoint: ready.endpoint,
    port: ready.port,
    stateDir: ready.stateDir,
    calls: [],
    close() {
      closing ??= (async () => {
        worker.ref();
        worker.postMessage({ type: 'close' });
        const done = await next();
        await worker.terminate();
        if (done.type === 'failed') throw rebuilt(done);
      })();
      return closing;
    },
  };
}
