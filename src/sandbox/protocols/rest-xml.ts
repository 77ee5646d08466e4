import { SandboxServiceError, statusOf } from '../errors.js';
import type { Protocol, ProtocolRequest, ProtocolResponse, RestRoute, ServiceDefinition } from '../types.js';
import { escapeXml, renderXmlMembers } from '../xml.js';
import { parseXmlDocument, XmlParseError } from '../xml-parse.js';
import { matchRestRoute } from './rest-json.js';

/**
 * restXml (Amazon S3 and friends): operations are routed by method, URI template and required query
 * keys; the input is the path labels, the query string, the headers a route names and the body (raw
 * for a `payloadMember`, else XML). Output goes to the headers a route names, the raw payload, or an
 * XML document under the route's root element; errors are <Error><Code/><Message/>…<RequestId/></Error>.
 * Path-style addressing only (/bucket/key): point the S3 client at the sandbox with forcePathStyle.
 */
export const restXmlProtocol: Protocol = {
  authErrors: {
    missingToken: { code: 'AccessDenied', status: 403, message: 'Access Denied' },
    invalidToken: { code: 'InvalidAccessKeyId', status: 403, message: 'The AWS Access Key Id you provided does not exist in our records.' },
    expiredToken: { code: 'ExpiredToken', status: 400, message: 'The provided token has expired.' },
  },
  decode(service: ServiceDefinition, request: ProtocolRequest) {
    // The SDK addresses a bucket path-style as /bucket/ (bucket-level operations have an empty key).
    const path = /^\/[^/]+\/$/.test(request.path) ? request.path.slice(0, -1) : request.path;
    const match = matchRestRoute(service.routes ?? [], request.method, path, request.query);
    if (!match) return { operation: undefined, input: {} };
    const input: Record<string, unknown> = { ...queryInput(request.query) };
    for (const [header, member] of Object.entries(match.route.inputHeaders ?? {})) {
      const value = request.headers[header.toLowerCase()];
      if (typeof value === 'string') input[member] = value;
    }
    Object.assign(input, bodyInput(match.route, request.body), match.labels);
    return { operation: match.route.operation, input };
  },
  unknownOperation() {
    return { code: 'MethodNotAllowed', status: 405, message: 'The specified method is not allowed against this resource.' };
  },
  encodeOutput(service, operation, output, requestId) {
    const route = service.routes?.find((candidate) => candidate.operation === operation);
    const members: Record<string, unknown> = { ...((output as Record<string, unknown> | undefined) ?? {}) };
    const headers: Record<string, string> = responseHeaders(requestId);
    for (const [member, header] of Object.entries(route?.outputHeaders ?? {})) {
      if (members[member] !== undefined && members[member] !== null) headers[header] = String(members[member]);
      delete members[member];
    }
    const status = route?.successStatus ?? 200;
    if (route?.payloadMember !== undefined) {
      const payload = members[route.payloadMember];
      const body = typeof payload === 'string' ? payload : '';
      return { status, headers: { ...headers, 'content-type': body.startsWith('{') ? 'application/json' : 'text/plain' }, body };
    }
    if (Object.keys(members).length === 0 && route?.xmlRoot === undefined) return { status, headers, body: '' };
    const root = route?.xmlRoot ?? `${operation}Result`;
    const body =
      `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="${escapeXml(service.xmlNamespace ?? '')}">` +
      `${renderXmlMembers(members, 'member')}</${root}>`;
    return { status, headers: { ...headers, 'content-type': 'application/xml' }, body };
  },
  encodeError(_service, error: SandboxServiceError, requestId) {
    const body =
      `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${escapeXml(error.code)}</Code>` +
      `<Message>${escapeXml(error.message)}</Message>${renderXmlMembers(error.extra, 'member')}` +
      `<RequestId>${requestId}</RequestId><HostId>${requestId}</HostId></Error>`;
    return { status: statusOf(error), headers: { ...responseHeaders(requestId), 'content-type': 'application/xml' }, body };
  },
};

function responseHeaders(requestId: string): Record<string, string> {
  return { 'x-amz-request-id': requestId, 'x-amz-id-2': requestId };
}

/** Query parameters with a value become members; bare flags such as `?policy` only select the route. */
function queryInput(query: URLSearchParams): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [key, value] of query) {
    if (value !== '' && key !== '__proto__' && key !== 'x-id') input[key] = value;
  }
  return input;
}

function bodyInput(route: RestRoute, body: Buffer): Record<string, unknown> {
  const text = body.toString('utf8');
  if (route.payloadMember === undefined || text.trim() === '') return {};
  if (!text.trimStart().startsWith('<')) return { [route.payloadMember]: text };
  try {
    const document = parseXmlDocument(text);
    return document ? { [route.payloadMember]: document.value } : {};
  } catch (error) {
    if (error instanceof XmlParseError) throw new SandboxServiceError('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema.');
    throw error;
  }
}
