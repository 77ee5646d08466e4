import { statusOf, type SandboxServiceError } from '../errors.js';
import type { Protocol, ProtocolRequest, ProtocolResponse, ServiceDefinition } from '../types.js';
import { parseJsonObject, toJsonWire } from './json-wire.js';

/**
 * awsJson1.0 / awsJson1.1: POST /, `X-Amz-Target: Prefix.Operation`, JSON in and out,
 * errors as {"__type": code, "message": text, ...extra members}.
 */
export function createAwsJsonProtocol(version: '1.0' | '1.1'): Protocol {
  const contentType = `application/x-amz-json-${version}`;
  const respond = (status: number, requestId: string, body: unknown): ProtocolResponse => ({
    status,
    headers: { 'content-type': contentType, 'x-amzn-requestid': requestId },
    body: JSON.stringify(body),
  });
  return {
    authErrors: {
      missingToken: {
        code: 'MissingAuthenticationTokenException',
        status: 403,
        message: 'Missing Authentication Token',
      },
      invalidToken: {
        code: 'UnrecognizedClientException',
        status: 403,
        message: 'The security token included in the request is invalid.',
      },
      invalidRegion: {
        code: 'InvalidSignatureException',
        status: 400,
        message: "Credential should be scoped to a valid region, not '{region}'.",
      },
      expiredToken: {
        code: 'ExpiredTokenException',
        status: 403,
        message: 'The security token included in the request is expired',
      },
    },
    decode(service: ServiceDefinition, request: ProtocolRequest) {
      const target = String(request.headers['x-amz-target'] ?? '');
      const separator = target.lastIndexOf('.');
      const prefix = target.slice(0, separator);
      const operation = separator > 0 && prefix === service.targetPrefix ? target.slice(separator + 1) : undefined;
      return { operation, input: parseJsonObject(request.body) };
    },
    unknownOperation() {
      return { code: 'UnknownOperationException', status: 400, message: '' };
    },
    encodeOutput(_service, _operation, output, requestId) {
      return respond(200, requestId, toJsonWire(output ?? {}));
    },
    encodeError(service: ServiceDefinition, error: SandboxServiceError, requestId: string) {
      const messageMember = service.errorMessageMember ?? 'message';
      const status = statusOf(error);
      const response = respond(status, requestId, {
        __type: error.code,
        [messageMember]: error.message,
        ...error.extra,
      });
      const queryCode = service.awsQueryErrorCodes?.[error.code];
      if (queryCode === undefined) return response;
      const fault = status >= 500 ? 'Receiver' : 'Sender';
      return { ...response, headers: { ...response.headers, 'x-amzn-query-error': `${queryCode};${fault}` } };
    },
  };
}
