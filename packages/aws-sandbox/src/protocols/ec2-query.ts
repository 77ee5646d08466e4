import { statusOf, type SandboxServiceError } from '../errors.js';
import type { Protocol, ProtocolRequest, ServiceDefinition } from '../types.js';
import { escapeXml, renderXmlMembers } from '../xml.js';
import { decodeQueryRequest, xmlHeaders } from './aws-query.js';

/**
 * ec2Query: like awsQuery on input, with lists as `Filter.1.Name` / `Filter.1.Value.1`; responses have
 * no Result wrapper: <OpResponse xmlns><requestId/>…members…</OpResponse>, list items as <item>;
 * errors as <Response><Errors><Error><Code/><Message/></Error></Errors><RequestID/></Response>.
 * Handlers return EC2's XML member names (e.g. vpcSet, vpcId).
 */
export const ec2QueryProtocol: Protocol = {
  authErrors: {
    missingToken: {
      code: 'MissingAuthenticationToken',
      status: 401,
      message: 'Request is missing Authentication Token',
    },
    invalidToken: {
      code: 'AuthFailure',
      status: 401,
      message: 'AWS was not able to validate the provided access credentials',
    },
    expiredToken: { code: 'RequestExpired', status: 400, message: 'Request has expired.' },
    invalidRegion: {
      code: 'AuthFailure',
      status: 401,
      message: "Credential should be scoped to a valid region, not '{region}'.",
    },
  },
  decode(_service: ServiceDefinition, request: ProtocolRequest) {
    const { action, input } = decodeQueryRequest(request);
    return { operation: action, input };
  },
  unknownOperation(_service, _request, operation) {
    if (operation === undefined)
      return { code: 'MissingAction', status: 400, message: 'The request must contain the parameter Action' };
    return {
      code: 'InvalidAction',
      status: 400,
      message: `The action ${operation} is not valid for this web service.`,
    };
  },
  encodeOutput(service, operation, output, requestId) {
    const members =
      output === undefined || output === null ? '' : renderXmlMembers(output as Record<string, unknown>, 'item');
    const body =
      `<?xml version="1.0" encoding="UTF-8"?>\n<${operation}Response xmlns="${escapeXml(service.xmlNamespace ?? '')}">` +
      `<requestId>${requestId}</requestId>${members}</${operation}Response>`;
    return { status: 200, headers: ec2Headers(requestId), body };
  },
  encodeError(_service, error: SandboxServiceError, requestId) {
    const body =
      `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${escapeXml(error.code)}</Code>` +
      `<Message>${escapeXml(error.message)}</Message>${renderXmlMembers(error.extra, 'item')}</Error></Errors>` +
      `<RequestID>${requestId}</RequestID></Response>`;
    return { status: statusOf(error), headers: ec2Headers(requestId), body };
  },
};

function ec2Headers(requestId: string): Record<string, string> {
  return { ...xmlHeaders(requestId), 'content-type': 'text/xml;charset=UTF-8' };
}
