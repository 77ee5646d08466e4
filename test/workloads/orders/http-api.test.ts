import { describe, expect, it } from 'vitest';
import { projectCommits } from '../../../workloads-cdk/orders/application/projector-service.js';
import type { HttpRequest, HttpResponse } from '../../../workloads-cdk/orders/application/http.js';
import { createCommandHandler } from '../../../workloads-cdk/orders/handlers/command-handler.js';
import { createQueryHandler } from '../../../workloads-cdk/orders/handlers/query-handler.js';
import { ordersFixture, useLocalDynamo } from './fixtures.js';

const dynamo = useLocalDynamo();
const body = (response: HttpResponse) => JSON.parse(response.body) as Record<string, unknown>;

describe('orders HTTP API handlers', () => {
  it('maps commands, versions and errors to HTTP, and queries read the read models', async () => {
    const orders = await ordersFixture(dynamo());
    const commands = createCommandHandler(orders.deps);
    const queries = createQueryHandler(orders.readModels);
    const send = (request: HttpRequest) => commands(request);

    const created = await send({
      routeKey: 'POST /orders',
      body: JSON.stringify({ orderId: 'h1', customerId: 'c9', currency: 'GBP' }),
      headers: { 'Idempotency-Key': 'k1' },
    });
    expect(created.statusCode).toBe(201);
    expect(created.headers.etag).toBe('"1"');
    const replay = await send({
      routeKey: 'POST /orders',
      body: JSON.stringify({ orderId: 'h1', customerId: 'c9', currency: 'GBP' }),
      headers: { 'Idempotency-Key': 'k1' },
    });
    expect([replay.statusCode, body(replay).duplicate]).toEqual([200, true]);

    const added = await send({
      routeKey: 'POST /orders/{orderId}/items',
      pathParameters: { orderId: 'h1' },
      body: JSON.stringify({ sku: 'MUG', quantity: 2, unitPriceCents: 899 }),
      headers: { 'if-match': '"1"' },
    });
    expect([added.statusCode, added.headers.etag]).toEqual([200, '"2"']);
    const stale = await send({
      routeKey: 'POST /orders/{orderId}/items',
      pathParameters: { orderId: 'h1' },
      body: JSON.stringify({ sku: 'CAP', quantity: 1, unitPriceCents: 100 }),
      headers: { 'If-Match': '1' },
    });
    expect([stale.statusCode, body(stale).error, body(stale).currentVersion]).toEqual([409, 'conflict', 2]);

    const removed = await send({
      routeKey: 'DELETE /orders/{orderId}/items/{sku}',
      pathParameters: { orderId: 'h1', sku: 'MUG' },
      queryStringParameters: { quantity: '1' },
    });
    expect(removed.statusCode).toBe(200);
    expect(
      (
        await send({
          routeKey: 'POST /orders/{orderId}/discount',
          pathParameters: { orderId: 'h1' },
          body: JSON.stringify({ code: 'HUGE', percent: 90 }),
        })
      ).statusCode,
    ).toBe(422);
    expect(
      (await send({ routeKey: 'POST /orders/{orderId}/confirm', pathParameters: { orderId: 'h1' } })).statusCode,
    ).toBe(200);
    expect(
      (await send({ routeKey: 'POST /orders/{orderId}/confirm', pathParameters: { orderId: 'nope' } })).statusCode,
    ).toBe(404);
    const bad = await send({ routeKey: 'POST /orders', body: '{"customerId": 5' });
    expect([bad.statusCode, body(bad).problems]).toEqual([400, ['the body is not valid JSON']]);
    const invalid = await send({
      routeKey: 'POST /orders',
      body: JSON.stringify({ customerId: 'c', currency: 'JPY' }),
    });
    expect(invalid.statusCode).toBe(400);
    expect(String(body(invalid).problems)).toMatch(/currency/);

    await projectCommits(orders, await orders.store.loadCommits('h1'));
    const summary = await queries({ routeKey: 'GET /orders/{orderId}', pathParameters: { orderId: 'h1' } });
    expect([summary.statusCode, body(summary).status, body(summary).totalCents, summary.headers.etag]).toEqual([
      200,
      'confirmed',
      899,
      '"4"',
    ]);
    const byCustomer = await queries({
      routeKey: 'GET /customers/{customerId}/orders',
      pathParameters: { customerId: 'c9' },
    });
    expect(body(byCustomer).orders).toEqual([expect.objectContaining({ orderId: 'h1', totalCents: 899 })]);
    const daily = await queries({ routeKey: 'GET /daily-totals/{day}', pathParameters: { day: '2026-11-24' } });
    expect(body(daily)).toEqual({
      day: '2026-11-24',
      confirmedOrders: 1,
      cancelledOrders: 0,
      revenueCents: { GBP: 899 },
    });
    expect((await queries({ routeKey: 'GET /daily-totals/{day}', pathParameters: { day: 'today' } })).statusCode).toBe(
      400,
    );
    expect(
      (await queries({ routeKey: 'GET /orders/{orderId}', pathParameters: { orderId: 'missing' } })).statusCode,
    ).toBe(404);
  });
});
