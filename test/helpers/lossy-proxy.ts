import { createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the proxy saw it, enough to tell which AWS operation it is. */
export interface ProxiedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface LossyProxy {
  /** The endpoint to give the clients instead of the sandbox's. */
  endpoint: string;
  /** The requests whose answer was lost, in order. */
  lost: ProxiedRequest[];
  close(): Promise<void>;
}

/**
 * The AWS operation of a request: the JSON protocols' X-Amz-Target, the query protocols' Action; REST
 * protocols (GuardDuty, S3) are matched by method and path instead.
 */
export function operationOf(request: ProxiedRequest): string | undefined {
  const target = request.headers['x-amz-target'];
  if (typeof target === 'string') return target.split('.').pop();
  return /(?:^|&)Action=([A-Za-z]+)/.exec(request.body)?.[1];
}

/**
 * A loopback proxy in front of an endpoint that loses answers: a request `lose` picks is delivered, and
 * once the endpoint has answered (the change is made) the client's connection is cut, as a dropped
 * connection or a timeout does. The SDK then retries the same request, as it does on AWS.
 */
export async function startLossyProxy(target: string, lose: (request: ProxiedRequest) => boolean): Promise<LossyProxy> {
  const upstream = new URL(target);
  const lost: ProxiedRequest[] = [];
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const body = Buffer.concat(chunks);
      const seen: ProxiedRequest = {
        method: incoming.method ?? 'GET',
        path: incoming.url ?? '/',
        headers: incoming.headers,
        body: body.toString('utf8'),
      };
      const loseIt = lose(seen);
      const forward = httpRequest(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: seen.method,
          path: seen.path,
          headers: incoming.headers,
        },
        (answer) => {
          const answerChunks: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => answerChunks.push(chunk));
          answer.on('end', () => {
            if (loseIt) {
              lost.push(seen);
              incoming.socket.destroy();
              return;
            }
            outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
            outgoing.end(Buffer.concat(answerChunks));
          });
        },
      );
      forward.on('error', () => incoming.socket.destroy());
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    lost,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Picks the first `count` requests of an operation (default: the first one). */
export function firstOf(operation: string, count = 1): (request: ProxiedRequest) => boolean {
  let seen = 0;
  return (request) => operationOf(request) === operation && seen++ < count;
}

/** Picks the first request of a REST operation, by method and path. */
export function firstRest(method: string, path: RegExp): (request: ProxiedRequest) => boolean {
  let seen = 0;
  return (request) => request.method === method && path.test(request.path.split('?')[0] ?? '') && seen++ === 0;
}
