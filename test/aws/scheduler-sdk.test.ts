import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ListRootsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { afterEach, describe, expect, it } from 'vitest';
import { AwsClients } from '../../src/aws/clients.js';
import { FAKE_CREDENTIALS } from '../helpers/context.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

/**
 * An Organizations endpoint (awsJson1_1) that answers each call's first `failures` attempts with the
 * given error, and measures how many requests it had in flight at once.
 */
async function endpoint(failures: number, error: { status: number; type: string }) {
  const attemptsOf = new Map<string, number>();
  const seen = { inFlight: 0, peak: 0, requests: 0 };
  const server: Server = createServer((request, response) => {
    seen.requests += 1;
    seen.inFlight += 1;
    seen.peak = Math.max(seen.peak, seen.inFlight);
    const invocation = String(request.headers['amz-sdk-invocation-id']);
    const attempt = (attemptsOf.get(invocation) ?? 0) + 1;
    attemptsOf.set(invocation, attempt);
    request.resume();
    request.on('end', () =>
      setTimeout(() => {
        seen.inFlight -= 1;
        const failing = attempt <= failures;
        response.writeHead(failing ? error.status : 200, {
          'content-type': 'application/x-amz-json-1.1',
          ...(failing ? { 'x-amzn-errortype': error.type } : {}),
        });
        response.end(JSON.stringify(failing ? { __type: error.type, message: 'no' } : { Roots: [] }));
      }, 15),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

function clientsFor(url: string, maxConcurrency: number) {
  return new AwsClients({
    region: 'us-east-1',
    endpoint: url,
    credentials: FAKE_CREDENTIALS,
    accessRole: 'OrganizationAccountAccessRole',
    userAgent: 'awsarch-test',
    maxConcurrency,
  });
}

describe('the client factory schedules every attempt of every call', () => {
  it('retries throttled attempts within the overall limit, and counts calls, attempts and throttles', async () => {
    const { url, seen } = await endpoint(2, { status: 400, type: 'TooManyRequestsException' });
    const aws = clientsFor(url, 3);
    const orgs = aws.client(OrganizationsClient);
    const results = await Promise.all(Array.from({ length: 12 }, () => orgs.send(new ListRootsCommand({}))));
    aws.destroy();
    expect(results.every((result) => result.$metadata.attempts === 3)).toBe(true);
    expect(seen.requests).toBe(36);
    expect(seen.peak).toBeLessThanOrEqual(3);
    expect(aws.callCounts()).toMatchObject({ total: 12, attempts: 36, throttled: 24 });
    expect(aws.callCounts().peakInFlight).toBeLessThanOrEqual(3);
  });

  it('retries a server error, never a refusal', async () => {
    const flaky = await endpoint(1, { status: 500, type: 'ServiceException' });
    const aws = clientsFor(flaky.url, 8);
    await aws.client(OrganizationsClient).send(new ListRootsCommand({}));
    expect(flaky.seen.requests).toBe(2);
    aws.destroy();

    const denied = await endpoint(5, { status: 400, type: 'AccessDeniedException' });
    const other = clientsFor(denied.url, 8);
    await expect(other.client(OrganizationsClient).send(new ListRootsCommand({}))).rejects.toMatchObject({
      name: 'AccessDeniedException',
    });
    expect(denied.seen.requests).toBe(1);
    other.destroy();
  });

  it('a client made with maxAttempts 1 sends a failed attempt once, yet still retries throttling', async () => {
    const lost = await endpoint(1, { status: 500, type: 'ServiceException' });
    const aws = clientsFor(lost.url, 8);
    const once = aws.client(OrganizationsClient, { config: { maxAttempts: 1 } });
    await expect(once.send(new ListRootsCommand({}))).rejects.toMatchObject({ name: 'ServiceException' });
    expect(lost.seen.requests).toBe(1);
    aws.destroy();

    const busy = await endpoint(2, { status: 400, type: 'TooManyRequestsException' });
    const other = clientsFor(busy.url, 8);
    const result = await other
      .client(OrganizationsClient, { config: { maxAttempts: 1 } })
      .send(new ListRootsCommand({}));
    expect(result.$metadata.attempts).toBe(3);
    other.destroy();
  });
});
