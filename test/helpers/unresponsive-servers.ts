import { createServer as createHttpServer, type IncomingMessage } from 'node:http';
import { createServer as createTcpServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface TestServer {
  endpoint: string;
  /** Connections accepted so far (each SDK attempt opens or reuses one). */
  connections: number;
  /** Requests answered so far (HTTP servers only). */
  requests: IncomingMessage[];
  /** Resolves once a connection (or request) has arrived. */
  arrived(): Promise<void>;
  close(): Promise<void>;
}

function track(): { notify: () => void; arrived: () => Promise<void> } {
  const waiters: Array<() => void> = [];
  let count = 0;
  return {
    notify: () => {
      count += 1;
      for (const waiter of waiters.splice(0)) waiter();
    },
    arrived: () => (count > 0 ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve))),
  };
}

/** A listening socket that accepts every connection and never answers (a black-holing proxy or firewall). */
export async function startSilentServer(): Promise<TestServer> {
  const sockets = new Set<Socket>();
  const { notify, arrived } = track();
  const server = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
    result.connections += 1;
    notify();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const result: TestServer = {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connections: 0,
    requests: [],
    arrived,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return result;
}

/** A web server that answers every request with an HTML page (or other text) and the given status: not an AWS API. */
export async function startHtmlServer(
  status: number,
  contentType: string | undefined = 'text/html; charset=utf-8',
  body?: string,
): Promise<TestServer> {
  const { notify, arrived } = track();
  const server = createHttpServer((request, response) => {
    result.requests.push(request);
    request.resume();
    response.writeHead(status, contentType ? { 'content-type': contentType } : {});
    response.end(
      body ??
        (contentType?.startsWith('text/html')
          ? '<!DOCTYPE html><html><head><title>Not Found</title></head><body>Not Found</body></html>'
          : 'Not Found'),
    );
    notify();
  });
  server.on('connection', () => (result.connections += 1));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const result: TestServer = {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connections: 0,
    requests: [],
    arrived,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return result;
}
