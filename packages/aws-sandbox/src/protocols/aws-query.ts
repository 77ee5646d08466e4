import { statusOf, type SandboxServiceError } from '../errors.js';
import { parseQueryParameters, readFormParameters } from '../query-params.js';
import type { Protocol, ProtocolRequest, ServiceDefinition } from '../types.js';
import { escapeXml, renderXmlMembers } from '../xml.js';

/** Parameters every query request may carry besides the operation's members. */
const PROTOCOL_PARAMETERS = new Set([
  'Action',
  'Version',
  'X-Amz-Algorithm',
  'X-Amz-Credential',
  'X-Amz-Date',
  'X-Amz-Expires',
  'X-Amz-SignedHeaders',
  'X-Amz-Signature',
  'X-Amz-Security-Token',
]);

/** Decodes Action, Version and the operation's members from a query-protocol (awsQuery or ec2Query) request. */
export function decodeQueryRequest(request: ProtocolRequest): {
  action: string | undefined;
  version: string | undefined;
  input: Record<string, unknown>;
} {
  const parameters = readFormParameters(request);
  const members = [...parameters].filter(([key]) => !PROTOCOL_PARAMETERS.has(key));
  return {
    action: parameters.get('Action') ?? undefined,
    version: parameters.get('Version') ?? undefined,
    input: parseQueryParameters(members),
  };
}

/**
 * awsQuery: form-encoded `Action=…&Version=…` requests; XML responses
 * <OpResponse xmlns><OpResult>…</OpResult><ResponseMetadata><RequestId/></ResponseMetadata></OpResponse>
 * with list items as <member>; errors as <ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>.
 */
export const awsQueryProtocol: Protocol = {
  authErrors: {
    missingToken: {
      code: 'MissingAuthenticationToken',
      status: 403,
      message: 'Request is missing Authentication Token',
    },
    invalidToken: {
      code: 'InvalidClientTokenId',
      status: 403,
      message: 'The security token included in the request is invalid.',
    },
    invalidRegion: {
      code: 'SignatureDoesNotMatch',
      status: 403,
      message: "Credential should be scoped to a valid region, not '{region}'.",
    },
    expiredToken: {
      code: 'ExpiredToken',
      status: 403,
      message: 'The security token included in the request is expired',
    },
  },
  decode(_service: ServiceDefinition, request: ProtocolRequest) {
    const { action, input } = decodeQueryRequest(request);
    return { operation: action, input };
  },
  unknownOperation(service, request, operation) {
    if (operation === undefined) return { code: 'MissingAction', status: 400, message: 'Missing Action' };
    const version = decodeQueryRequest(request).version ?? service.version ?? '';
    return {
      code: 'InvalidAction',
      status: 400,
      message: `Could not find operation ${operation} for version ${version}`,
    };
  },
  encodeOutput(service, operation, output, requestId) {
    const result =
      output === undefined || output === null
        ? ''
        : `<${operation}Result>${renderXmlMembers(output as Record<string, unknown>, 'member')}</${operation}Result>`;
    const body =
      `<${operation}Response xmlns="${escapeXml(service.xmlNamespace ?? '')}">${result}` +
      `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${operation}Response>`;
    return { status: 200, headers: xmlHeaders(requestId), body };
  },
  encodeError(service, error: SandboxServiceError, requestId) {
    const status = statusOf(error);
    const extra = renderXmlMembers(error.extra, 'member');
    const body =
      `<ErrorResponse xmlns="${escapeXml(service.xmlNamespace ?? '')}"><Error><Type>${status >= 500 ? 'Receiver' : 'Sender'}</Type>` +
      `<Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message>${extra}</Error>` +
      `<RequestId>${requestId}</RequestId></ErrorResponse>`;
    return { status, headers: xmlHeaders(requestId), body };
  },
};

export function xmlHeaders(requestId: string): Record<string, string> {
  return { 'content-type': 'text/xml', 'x-amzn-requestid': requestId };
}
