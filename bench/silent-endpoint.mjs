#!/usr/bin/env node
// How long `awsarch account list` takes to fail against an endpoint that accepts connections and never
// answers (a black-holing proxy or firewall), for a few --request-timeout values, and how long it takes
// to end after one Ctrl-C. `--with-default` also measures the default (30 s per attempt: about 3 minutes).
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'awsarch');
const sockets = new Set();
let connections = 0;
const server = createServer((socket) => {
  connections += 1;
  sockets.add(socket);
  socket.on('error', () => undefined);
  socket.on('close', () => sockets.delete(socket));
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const endpoint = `http://127.0.0.1:${server.address().port}`;
const env = { ...process.env, CI: 'true', AWS_ACCESS_KEY_ID: 'AKIAEXAMPLEEXAMPLE00', AWS_SECRET_ACCESS_KEY: 'x' };

function run(args, { interruptAfterFirstConnection = false } = {}) {
  return new Promise((resolve) => {
    const before = connections;
    const started = process.hrtime.bigint();
    let interruptedAt;
    const child = spawn(process.execPath, [bin, '--endpoint-url', endpoint, '--output', 'json', ...args], {
      env,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    if (interruptAfterFirstConnection) {
      const poll = setInterval(() => {
        if (connections > before) {
          clearInterval(poll);
          interruptedAt = process.hrtime.bigint();
          child.kill('SIGINT');
        }
      }, 5);
    }
    child.on('close', (code) => {
      const ended = process.hrtime.bigint();
      resolve({
        code,
        seconds: Number(ended - started) / 1e9,
        afterInterrupt: interruptedAt ? Number(ended - interruptedAt) / 1e6 : undefined,
        attempts: connections - before,
        error: stdout ? JSON.parse(stdout).error?.code : undefined,
      });
    });
  });
}

const timeouts = ['1s', '5s', ...(process.argv.includes('--with-default') ? ['default'] : [])];
console.log('request timeout   time to fail   attempts   exit   error');
for (const timeout of timeouts) {
  const result = await run(
    timeout === 'default' ? ['account', 'list'] : ['--request-timeout', timeout, 'account', 'list'],
  );
  console.log(
    `${timeout.padEnd(16)}  ${`${result.seconds.toFixed(1)} s`.padStart(12)}   ${String(result.attempts).padStart(8)}   ${String(result.code).padStart(4)}   ${result.error}`,
  );
}
const interrupted = await run(['account', 'list'], { interruptAfterFirstConnection: true });
console.log(
  `Ctrl-C (SIGINT) while waiting for the answer: exit ${interrupted.code} after ${interrupted.afterInterrupt?.toFixed(0)} ms (${interrupted.error})`,
);
for (const socket of sockets) socket.destroy();
server.close();
