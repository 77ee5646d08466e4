import type { IncomingHttpHeaders } from 'node:http';
import type { ProtocolResponse } from '../../types.js';

export interface HttpApiRequest {
  readonly method: string;
  /** The path after the API (and stage) prefix, starting with '/'. */
  readonly path: string;
  readonly rawQueryString: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  readonly sourceIp: string;
}

export interface RouteContext {
  readonly accountId: string;
  readonly apiId: string;
  readonly domainName: string;
  readonly stage: string;
  readonly routeKey: string;
  readonly pathParameters: Record<string, string>;
  readonly requestId: string;
  readonly now: number;
}

const TEXT_TYPES = /^(text\/|application\/(json|xml|javascript|x-www-form-urlencoded)|[^;]*\+(json|xml))/i;

/** The Lambda event of payload format 2.0 (API Gateway's "Working with AWS Lambda proxy integrations for HTTP APIs"). */
export function payloadV2Event(request: HttpApiRequest, route: RouteContext): Record<string, unknown> {
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    if (name === 'cookie') cookies.push(...String(value).split(/;\s*/).filter(Boolean));
    else headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  const query = new URLSearchParams(request.rawQueryString);
  const queryStringParameters: Record<string, string> = {};
  for (const key of new Set(query.keys())) queryStringParameters[key] = query.getAll(key).join(',');
  const contentType = headers['content-type'] ?? '';
  const binary = request.body.length > 0 && !TEXT_TYPES.test(contentType);
  return {
    version: '2.0',
    routeKey: route.routeKey,
    rawPath: request.path,
    rawQueryString: request.rawQueryString,
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(query.size > 0 ? { queryStringParameters } : {}),
    requestContext: {
      accountId: route.accountId,
      apiId: route.apiId,
      domainName: route.domainName,
      domainPrefix: route.apiId,
      http: {
        method: request.method,
        path: request.path,
        protocol: 'HTTP/1.1',
        sourceIp: request.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: route.requestId,
      routeKey: route.routeKey,
      stage: route.stage,
      time: clfTime(route.now),
      timeEpoch: route.now,
    },
    ...(request.body.length > 0
      ? { body: binary ? request.body.toString('base64') : request.body.toString('utf8') }
      : {}),
    ...(Object.keys(route.pathParameters).length > 0 ? { pathParameters: route.pathParameters } : {}),
    isBase64Encoded: binary,
  };
}

/**
 * The HTTP response for a function's answer in format 2.0: an object with statusCode is taken as the
 * response (headers, cookies, body, isBase64Encoded); any other valid JSON becomes a 200 with it as the
 * JSON body, as API Gateway infers it.
 */
export function responseFromPayload(payload: string, requestId: string): ProtocolResponse {
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    return gatewayError(500, 'Internal Server Error', requestId);
  }
  if (typeof parsed === 'object' && parsed !== null && 'statusCode' in parsed) {
    const answer = parsed as {
      statusCode?: unknown;
      headers?: Record<string, unknown>;
      cookies?: unknown;
      body?: unknown;
      isBase64Encoded?: unknown;
    };
    const status = Number(answer.statusCode);
    if (!Number.isInteger(status) || status < 100 || status > 599)
      return gatewayError(500, 'Internal Server Error', requestId);
    const headers: Record<string, string> = { 'apigw-requestid': requestId };
    for (const [name, value] of Object.entries(answer.headers ?? {})) headers[name.toLowerCase()] = String(value);
    if (Array.isArray(answer.cookies) && answer.cookies.length > 0)
      headers['set-cookie'] = answer.cookies.map(String).join(', ');
    const body =
      typeof answer.body === 'string' ? answer.body : answer.body === undefined ? '' : JSON.stringify(answer.body);
    const bytes = answer.isBase64Encoded === true ? Buffer.from(body, 'base64') : Buffer.from(body, 'utf8');
    return { status, headers, body: '', bytes };
  }
  const body = typeof parsed === 'string' ? parsed : payload;
  return {
    status: 200,
    headers: { 'content-type': 'application/json', 'apigw-requestid': requestId },
    body,
  };
}

/** API Gateway's own error answers: {"message": "..."} */
export function gatewayError(status: number, message: string, requestId: string): ProtocolResponse {
  return {
    status,
    headers: { 'content-type': 'application/json', 'apigw-requestid': requestId },
    body: JSON.stringify({ message }),
  };
}

/** 12/Mar/2020:19:03:58 +0000 */
function clfTime(ms: number): string {
  const date = new Date(ms);
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${pad(date.getUTCDate())}/${months[date.getUTCMonth()]}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}
