import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { realpath } from 'node:fs/promises';
import { BackgroundRunner } from './background/background-runner.js';
import { dispatchRequest, settleState, type DispatchEnvironment } from './dispatch.js';
import { HTTP_API_PATH_PREFIX, serveHttpApiRequest } from './services/apigatewayv2/http-api.js';
import { hasActiveReplays } from './services/eventbridge/replays.js';
import { LambdaRuntime } from './services/lambda/runtime/lambda-runtime.js';
import { SANDBOX_MANAGEMENT_ACCOUNT_ID } from './management-account.js';
import { resolveSandboxOptions, type SandboxOptions } from './options.js';
import { removeServerRecord, SANDBOX_PROBE_PATH } from './server-record.js';
import { ServerResources } from './server-resources.js';
import { StateStore } from './state.js';
import type { ProtocolResponse, SandboxCall, ServiceDefinition } from './types.js';

const HOST = '127.0.0.1';
const MAX_BODY_BYTES = 16 * 1024 * 1024;

/** A sandbox listening on 127.0.0.1. */
export interface RunningSandbox {
  endpoint: string;
  port: number;
  stateDir: string;
  /** Requests answered by this process's server, in order. */
  calls: SandboxCall[];
  close(): Promise<void>;
}

export interface LaunchOptions {
  readonly services: readonly ServiceDefinition[];
  /** Randomness for fault injection; tests may make it deterministic. */
  readonly random?: () => number;
  /** false: this server never runs background work (asynchronous invocations, pollers, schedules). */
  readonly background?: boolean;
}

/** Starts an HTTP server answering AWS API requests for the given services from stateDir's state. */
export async function launchSandbox(sandboxOptions: SandboxOptions, launch: LaunchOptions): Promise<RunningSandbox> {
  const options = resolveSandboxOptions(sandboxOptions);
  const store = new StateStore(options.stateDir, SANDBOX_MANAGEMENT_ACCOUNT_ID);
  await store.open();
  const canonicalStateDir = await realpath(options.stateDir);
  const calls: SandboxCall[] = [];
  const resources = new ServerResources();
  const inFlight = new Set<Promise<void>>();
  const server = createServer();
  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(options.port, HOST, () => {
      server.off('error', rejectListen);
      resolveListen();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const endpoint = `http://${HOST}:${port}`;
  const random = launch.random ?? Math.random;
  const env: DispatchEnvironment = {
    services: launch.services,
    store,
    options,
    resources,
    random,
    endpoint,
    record: (call) => calls.push(call),
  };
  const runtime = new LambdaRuntime(store, options, endpoint, random);
  LambdaRuntime.register(resources, runtime);
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const handling = answer(env, canonicalStateDir, request, response);
    inFlight.add(handling);
    void handling.finally(() => inFlight.delete(handling));
  });
  const runner = new BackgroundRunner({
    store,
    options,
    resources,
    runtime,
    settle: () => settleState(env),
    settleWanted: hasActiveReplays,
    random,
  });
  if (launch.background !== false) runner.start();
  let closing: Promise<void> | undefined;
  return {
    endpoint,
    port,
    stateDir: options.stateDir,
    calls,
    close() {
      closing ??= (async () => {
        // Background work first: its invocations still call this server while they finish.
        await runner.close();
        const closed = new Promise<void>((resolveClose) => server.close(() => resolveClose()));
        server.closeIdleConnections();
        // Let running transactions finish so the lock is released and no write is cut short.
        await Promise.allSettled([...inFlight]);
        server.closeAllConnections();
        await closed;
        await resources.closeAll();
        await removeServerRecord(options.stateDir, process.pid, port);
      })();
      return closing;
    },
  };
}

async function answer(
  env: DispatchEnvironment,
  canonicalStateDir: string,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  try {
    const url = new URL(request.url ?? '/', `http://${HOST}`);
    const body = await readBody(request);
    if (url.pathname.startsWith(HTTP_API_PATH_PREFIX)) {
      send(
        response,
        await serveHttpApiRequest(
          { store: env.store, resources: env.resources, now: env.options.now },
          {
            fullPath: url.pathname,
            method: request.method ?? 'GET',
            rawQueryString: url.search.replace(/^\?/, ''),
            headers: request.headers,
            body,
            sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
          },
        ),
      );
      return;
    }
    if (request.method === 'GET' && url.pathname === SANDBOX_PROBE_PATH) {
      send(response, {
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ awsarchSandbox: true, stateDir: canonicalStateDir, pid: process.pid }),
      });
      return;
    }
    const reply = await dispatchRequest(env, {
      method: request.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: request.headers,
      body,
    });
    send(response, reply);
  } catch {
    // Only a broken connection gets here (dispatch answers every other failure); nothing to answer.
    response.destroy();
  }
}

function send(response: ServerResponse, reply: ProtocolResponse): void {
  const body = reply.bytes ?? Buffer.from(reply.body, 'utf8');
  // A HEAD answer (S3's HeadObject) announces the length of a body it does not send.
  response.writeHead(reply.status, {
    ...reply.headers,
    'content-length': reply.headers['content-length'] ?? String(body.length),
  });
  response.end(body);
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolveBody, rejectBody) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        rejectBody(new Error('request body too large'));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolveBody(Buffer.concat(chunks)));
    request.on('error', rejectBody);
  });
}
