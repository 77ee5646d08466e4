import { randomUUID } from 'node:crypto';
import { parseOrderCommand, type CommandEnvelope } from '../domain/commands.js';
import type { CommandOutcome } from './command-service.js';
import { json, type HttpRequest, type HttpResponse } from './http.js';

export type { HttpRequest, HttpResponse };

/** The command routes of the HTTP API; the stack wires exactly these to the command handler. */
export const COMMAND_ROUTES = [
  'POST /orders',
  'POST /orders/{orderId}/items',
  'DELETE /orders/{orderId}/items/{sku}',
  'POST /orders/{orderId}/discount',
  'POST /orders/{orderId}/confirm',
  'POST /orders/{orderId}/cancel',
] as const;

/** The query routes of the HTTP API, served by the query handler. */
export const QUERY_ROUTES = [
  'GET /orders/{orderId}',
  'GET /customers/{customerId}/orders',
  'GET /daily-totals/{day}',
] as const;

/** Turns an HTTP request into a command envelope, or the 400 response explaining what is wrong. */
export function commandFromRequest(
  request: HttpRequest,
  newId: () => string = randomUUID,
): CommandEnvelope | HttpResponse {
  let body: Record<string, unknown>;
  try {
    const text = request.body
      ? request.isBase64Encoded
        ? Buffer.from(request.body, 'base64').toString('utf8')
        : request.body
      : '{}';
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      return json(400, { error: 'bad-request', problems: ['the body must be a JSON object'] });
    body = parsed as Record<string, unknown>;
  } catch {
    return json(400, { error: 'bad-request', problems: ['the body is not valid JSON'] });
  }
  const path = request.pathParameters ?? {};
  const orderId = path.orderId;
  const input = ((): unknown => {
    switch (request.routeKey) {
      case 'POST /orders':
        return { ...body, type: 'CreateOrder', orderId: body.orderId ?? newId() };
      case 'POST /orders/{orderId}/items':
        return { ...body, type: 'AddItem', orderId };
      case 'DELETE /orders/{orderId}/items/{sku}': {
        const quantity = request.queryStringParameters?.quantity;
        return {
          type: 'RemoveItem',
          orderId,
          sku: path.sku,
          ...(quantity === undefined ? {} : { quantity: Number(quantity) }),
        };
      }
      case 'POST /orders/{orderId}/discount':
        return { ...body, type: 'ApplyDiscount', orderId };
      case 'POST /orders/{orderId}/confirm':
        return { type: 'ConfirmOrder', orderId };
      case 'POST /orders/{orderId}/cancel':
        return { ...body, type: 'CancelOrder', orderId };
      default:
        return undefined;
    }
  })();
  if (input === undefined) return json(404, { error: 'not-found', message: `no route ${request.routeKey}` });
  const parsed = parseOrderCommand(input);
  if (!parsed.ok) return json(400, { error: 'bad-request', problems: parsed.problems });
  const headers = lowerCaseKeys(request.headers ?? {});
  const ifMatch = headers['if-match'];
  const expectedVersion = ifMatch === undefined ? undefined : Number(ifMatch.replace(/"/g, ''));
  if (expectedVersion !== undefined && (!Number.isInteger(expectedVersion) || expectedVersion < 0)) {
    return json(400, {
      error: 'bad-request',
      problems: [`If-Match must be an order version (a whole number); got ${ifMatch}`],
    });
  }
  return { command: parsed.command, commandId: headers['idempotency-key'] ?? newId(), expectedVersion };
}

/** 201/200 for applied commands (with the new version as ETag), 404, 409 conflict, 422 rule violations. */
export function responseFor(outcome: CommandOutcome, created: boolean): HttpResponse {
  switch (outcome.kind) {
    case 'applied':
      return json(created && !outcome.duplicate ? 201 : 200, outcome, { etag: `"${outcome.version}"` });
    case 'conflict':
      return json(409, {
        error: 'conflict',
        ...outcome,
        message: `order ${outcome.orderId} is at version ${outcome.currentVersion}, not ${outcome.expectedVersion}; reload and retry`,
      });
    case 'rejected':
      return json(outcome.violation === 'order-not-found' ? 404 : 422, {
        error: outcome.violation,
        orderId: outcome.orderId,
        message: outcome.message,
      });
  }
}

export function isHttpResponse(value: CommandEnvelope | HttpResponse): value is HttpResponse {
  return 'statusCode' in value;
}

function lowerCaseKeys(headers: Readonly<Record<string, string | undefined>>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(headers).map(([key, value]) => [key.toLowerCase(), value]));
}
