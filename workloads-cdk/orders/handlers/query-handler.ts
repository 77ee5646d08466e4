import { documentClient } from '../../shared/runtime/dynamo.js';
import { requiredEnv } from '../../shared/runtime/environment.js';
import { json, type HttpRequest, type HttpResponse } from '../application/http.js';
import { ReadModelStore } from '../projection/read-model-store.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The query side: reads only the read models, never the event store. */
export function createQueryHandler(readModels: ReadModelStore): (request: HttpRequest) => Promise<HttpResponse> {
  return async (request) => {
    const path = request.pathParameters ?? {};
    switch (request.routeKey) {
      case 'GET /orders/{orderId}': {
        const summary = await readModels.getSummary(path.orderId ?? '');
        return summary
          ? json(200, summary, { etag: `"${summary.version}"` })
          : json(404, { error: 'order-not-found', orderId: path.orderId });
      }
      case 'GET /customers/{customerId}/orders': {
        const limit = Math.min(Number(request.queryStringParameters?.limit ?? 50) || 50, 100);
        const cursor = request.queryStringParameters?.cursor;
        const startKey = cursor
          ? (JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>)
          : undefined;
        const page = await readModels.customerOrders(path.customerId ?? '', limit, startKey);
        const next = page.nextKey ? Buffer.from(JSON.stringify(page.nextKey)).toString('base64url') : undefined;
        return json(200, { customerId: path.customerId, orders: page.orders, ...(next ? { cursor: next } : {}) });
      }
      case 'GET /daily-totals/{day}': {
        const day = path.day ?? '';
        if (!DAY.test(day))
          return json(400, { error: 'bad-request', problems: [`day must be YYYY-MM-DD; got "${day}"`] });
        return json(200, await readModels.dailyTotals(day));
      }
      default:
        return json(404, { error: 'not-found', message: `no route ${request.routeKey}` });
    }
  };
}

let configured: ReturnType<typeof createQueryHandler> | undefined;

/** Lambda entry point (API Gateway HTTP API, payload format 2.0). */
export async function handler(request: HttpRequest): Promise<HttpResponse> {
  configured ??= createQueryHandler(
    new ReadModelStore(documentClient(), {
      summaries: requiredEnv('SUMMARIES_TABLE'),
      customerOrders: requiredEnv('CUSTOMER_ORDERS_TABLE'),
      dailyTotals: requiredEnv('DAILY_TOTALS_TABLE'),
    }),
  );
  return configured(request);
}
