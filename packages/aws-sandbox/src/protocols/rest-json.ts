import { statusOf, type SandboxServiceError } from '../errors.js';
import type { Protocol, ProtocolRequest, ProtocolResponse, RestRoute, ServiceDefinition } from '../types.js';
import { parseJsonObject, toJsonWire } from './json-wire.js';

export interface RouteMatch {
  readonly route: RestRoute;
  readonly labels: Record<string, string>;
}

/**
 * restJson1: operations are routed by method and URI template; the input is the path labels, the query
 * string and the JSON body merged (all under their wire names); errors carry `x-amzn-ErrorType` and
 * a JSON {"message": …} body with the error's HTTP status.
 */
export const restJsonProtocol: Protocol = {
  authErrors: {
    missingToken: { code: 'MissingAuthenticationTokenException', status: 403, message: 'Missing Authentication Token' },
    invalidToken: {
      code: 'UnrecognizedClientException',
      status: 403,
      message: 'The security token included in the request is invalid.',
    },
    invalidRegion: {
      code: 'InvalidSignatureException',
      status: 403,
      message: "Credential should be scoped to a valid region, not '{region}'.",
    },
    expiredToken: {
      code: 'ExpiredTokenException',
      status: 403,
      message: 'The security token included in the request is expired',
    },
  },
  decode(service: ServiceDefinition, request: ProtocolRequest) {
    const match = matchRestRoute(service.routes ?? [], request.method, request.path, request.query);
    if (!match) return { operation: undefined, input: {} };
    return {
      operation: match.route.operation,
      input: {
        ...queryStringInput(request.query),
        ...(match.route.rawPayload ? {} : parseJsonObject(request.body)),
        ...match.labels,
      },
    };
  },
  unknownOperation(_service, request) {
    return {
      code: 'UnknownOperationException',
      status: 404,
      message: `No operation matches ${request.method} ${request.path}`,
    };
  },
  encodeOutput(service, operation, output, requestId) {
    const status = service.routes?.find((route) => route.operation === operation)?.successStatus ?? 200;
    return jsonResponse(status, requestId, toJsonWire(output ?? {}));
  },
  encodeError(_service, error: SandboxServiceError, requestId) {
    const response = jsonResponse(statusOf(error), requestId, { message: error.message, ...error.extra });
    return { ...response, headers: { ...response.headers, 'x-amzn-errortype': error.code } };
  },
};

/** Finds the route whose method, URI template and required query keys match the request. */
export function matchRestRoute(
  routes: readonly RestRoute[],
  method: string,
  path: string,
  query: URLSearchParams,
): RouteMatch | undefined {
  const requestSegments = path.split('/').slice(1);
  for (const route of routes) {
    if (route.method.toUpperCase() !== method.toUpperCase()) continue;
    const [templatePath = '', templateQuery] = route.path.split('?');
    if (templateQuery !== undefined && !requiredQueryPresent(templateQuery, query)) continue;
    const labels = matchTemplate(templatePath.split('/').slice(1), requestSegments);
    if (labels) return { route, labels };
  }
  return undefined;
}

function matchTemplate(templateSegments: string[], requestSegments: string[]): Record<string, string> | undefined {
  const labels: Record<string, string> = {};
  for (const [index, templateSegment] of templateSegments.entries()) {
    const label = /^\{([^}+]+)(\+?)\}$/.exec(templateSegment);
    if (label?.[2] === '+') {
      const rest = requestSegments.slice(index);
      if (rest.length === 0 || rest.join('/') === '') return undefined;
      labels[label[1] as string] = rest.map(safeDecode).join('/');
      return labels;
    }
    const requestSegment = requestSegments[index];
    if (requestSegment === undefined) return undefined;
    if (label) {
      if (requestSegment === '') return undefined;
      labels[label[1] as string] = safeDecode(requestSegment);
    } else if (safeDecode(requestSegment) !== templateSegment) {
      return undefined;
    }
  }
  return requestSegments.length === templateSegments.length ? labels : undefined;
}

function requiredQueryPresent(templateQuery: string, query: URLSearchParams): boolean {
  return templateQuery.split('&').every((requirement) => {
    const [name = '', value] = requirement.split('=');
    return value === undefined ? query.has(name) : query.get(name) === value;
  });
}

/** A key that appears once is a string, repeated keys are a list. */
function queryStringInput(query: URLSearchParams): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const key of new Set(query.keys())) {
    if (key === '__proto__') continue;
    const values = query.getAll(key);
    input[key] = values.length === 1 ? values[0] : values;
  }
  return input;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function jsonResponse(status: number, requestId: string, body: unknown): ProtocolResponse {
  return {
    status,
    headers: { 'content-type': 'application/json', 'x-amzn-requestid': requestId },
    body: status === 204 ? '' : JSON.stringify(body),
  };
}
