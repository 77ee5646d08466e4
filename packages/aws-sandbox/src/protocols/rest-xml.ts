import { randomBytes } from 'node:crypto';
import { statusOf, type SandboxServiceError } from '../errors.js';
import type { Protocol, ProtocolRequest, ServiceDefinition } from '../types.js';
import { escapeXml } from '../xml.js';
import { matchRestRoute } from './rest-json.js';

/** What a restXml (S3) handler returns: a status, headers, and either raw bytes or an XML document. */
export interface RestXmlOutput {
  readonly status?: number;
  readonly headers?: Record<string, string>;
  readonly body?: Buffer | string;
  /** An XML document: its root element and members; lists are written flattened (repeated elements), as S3 does. */
  readonly xml?: { readonly root: string; readonly members: Record<string, unknown> };
}

/** The request as a restXml handler sees it: path labels, query parameters, headers and the raw body. */
export interface RestXmlInput {
  readonly labels: Record<string, string>;
  readonly query: URLSearchParams;
  readonly headers: ProtocolRequest['headers'];
  readonly body: Buffer;
}

/**
 * restXml as S3 speaks it (path-style addressing, which the SDK uses for a loopback endpoint): operations
 * are routed by method, URI template and query keys; outputs are headers plus raw bytes or an XML
 * document; errors are <Error><Code/><Message/>…</Error> with the error's HTTP status (no body for HEAD).
 */
export const restXmlProtocol: Protocol = {
  authErrors: {
    missingToken: { code: 'AccessDenied', status: 403, message: 'Access Denied' },
    invalidToken: {
      code: 'InvalidAccessKeyId',
      status: 403,
      message: 'The AWS Access Key Id you provided does not exist in our records.',
    },
    expiredToken: { code: 'ExpiredToken', status: 400, message: 'The provided token has expired.' },
    invalidRegion: {
      code: 'AuthorizationHeaderMalformed',
      status: 400,
      message: "The authorization header is malformed; the region '{region}' is wrong.",
    },
  },
  decode(service: ServiceDefinition, request: ProtocolRequest) {
    const path =
      request.path.length > 1 && request.path.endsWith('/') && request.path.split('/').length === 3
        ? request.path.slice(0, -1)
        : request.path;
    const match = matchRestRoute(service.routes ?? [], request.method, path, request.query);
    if (!match) return { operation: undefined, input: {} };
    const input: RestXmlInput = {
      labels: match.labels,
      query: request.query,
      headers: request.headers,
      body: request.body,
    };
    return { operation: match.route.operation, input: input as unknown as Record<string, unknown> };
  },
  unknownOperation(_service, request) {
    return {
      code: 'NotImplemented',
      status: 501,
      message: `The awsarch sandbox does not implement ${request.method} ${request.path}${request.query.size ? `?${request.query}` : ''}.`,
    };
  },
  encodeOutput(_service, _operation, output, requestId) {
    const result = (output ?? {}) as RestXmlOutput;
    const headers: Record<string, string> = {
      'x-amz-request-id': requestId,
      'x-amz-id-2': hostId(),
      ...result.headers,
    };
    if (result.xml) {
      headers['content-type'] = 'application/xml';
      const body = `<?xml version="1.0" encoding="UTF-8"?>\n<${result.xml.root} xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${renderFlattened(result.xml.members)}</${result.xml.root}>`;
      return { status: result.status ?? 200, headers, body };
    }
    const body = result.body ?? '';
    return typeof body === 'string'
      ? { status: result.status ?? 200, headers, body }
      : { status: result.status ?? 200, headers, body: '', bytes: body };
  },
  encodeError(_service, error: SandboxServiceError, requestId) {
    const status = statusOf(error);
    const extra = Object.entries(error.extra)
      .map(([name, value]) => `<${name}>${escapeXml(String(value))}</${name}>`)
      .join('');
    const body =
      `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message>${extra}` +
      `<RequestId>${requestId}</RequestId><HostId>${hostId()}</HostId></Error>`;
    return { status, headers: { 'content-type': 'application/xml', 'x-amz-request-id': requestId }, body };
  },
};

/** Members as child elements; arrays repeat their element (S3's flattened lists); Dates are ISO-8601. */
export function renderFlattened(members: Record<string, unknown>): string {
  let xml = '';
  for (const [name, value] of Object.entries(members)) {
    if (value === undefined || value === null) continue;
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item instanceof Date) xml += `<${name}>${item.toISOString()}</${name}>`;
      else if (typeof item === 'object' && item !== null)
        xml += `<${name}>${renderFlattened(item as Record<string, unknown>)}</${name}>`;
      else xml += `<${name}>${escapeXml(String(item))}</${name}>`;
    }
  }
  return xml;
}

function hostId(): string {
  return randomBytes(24).toString('base64');
}
