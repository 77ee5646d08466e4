import { randomBytes } from 'node:crypto';
import type { ServerResources } from '../../server-resources.js';
import { cloneState, type StateStore } from '../../state.js';
import type { ProtocolResponse } from '../../types.js';
import { functionByArn, type FunctionRecord } from '../lambda/model.js';
import { resourcePolicyAllowsInvoke } from '../lambda/resource-policy.js';
import { LambdaRuntime } from '../lambda/runtime/lambda-runtime.js';
import { findApi, integrationFunctionArn, type HttpApiIntegration, type HttpApiRecord } from './model.js';
import { gatewayError, payloadV2Event, responseFromPayload, type HttpApiRequest } from './payload-v2.js';
import { matchRoute } from './route-matching.js';

/** HTTP APIs are served under http://127.0.0.1:PORT/_aws/execute-api/API_ID/ (their AWS URL is https://API_ID.execute-api.REGION.amazonaws.com/). */
export const HTTP_API_PATH_PREFIX = '/_aws/execute-api/';

export interface HttpApiServer {
  readonly store: StateStore;
  readonly resources: ServerResources;
  readonly now: () => number;
}

/** The URL at which this server serves an API ($default stage). */
export function localApiEndpoint(endpoint: string, apiId: string): string {
  return `${endpoint}${HTTP_API_PATH_PREFIX}${apiId}`;
}

interface Resolved {
  readonly api: HttpApiRecord;
  readonly stage: string;
  readonly path: string;
  readonly routeKey: string;
  readonly pathParameters: Record<string, string>;
  readonly integration?: HttpApiIntegration;
  readonly fn?: FunctionRecord;
}

/**
 * Answers a request to an HTTP API as API Gateway does: the stage and route are matched, the route's
 * AWS_PROXY integration invokes its function synchronously with a payload 2.0 event (only if the
 * function's resource policy lets apigateway.amazonaws.com invoke it from this API and route), and the
 * function's answer becomes the response. API Gateway's own errors: 404 Not Found, 500 Internal Server
 * Error (function error, missing permission, throttling), 504 on the integration timeout.
 */
export async function serveHttpApiRequest(
  server: HttpApiServer,
  request: Omit<HttpApiRequest, 'path'> & { readonly fullPath: string },
): Promise<ProtocolResponse> {
  const requestId = `${randomBytes(6).toString('base64url')}=`;
  const [apiId = '', ...rest] = request.fullPath.slice(HTTP_API_PATH_PREFIX.length).split('/');
  const resolved = await server.store.transact(async (tx) => {
    const api = findApi(tx.state, apiId);
    if (!api) return undefined;
    return resolve(api, `/${rest.join('/')}`, request.method, tx.state);
  });
  if (!resolved) return gatewayError(404, 'Not Found', requestId);
  const { api, integration, fn } = resolved;
  if (!integration || integration.integrationType !== 'AWS_PROXY' || !fn)
    return gatewayError(500, 'Internal Server Error', requestId);
  const [method = '', routePath = ''] = resolved.routeKey === '$default' ? ['*', '*'] : resolved.routeKey.split(' ');
  const sourceArn = `arn:aws:execute-api:${api.region}:${api.accountId}:${api.apiId}/${resolved.stage}/${method}${routePath}`;
  if (
    !resourcePolicyAllowsInvoke(fn, { principal: 'apigateway.amazonaws.com', sourceArn, sourceAccount: api.accountId })
  )
    return gatewayError(500, 'Internal Server Error', requestId);
  const now = server.now();
  const event = payloadV2Event(
    { ...request, path: resolved.path },
    {
      accountId: api.accountId,
      apiId: api.apiId,
      domainName: `${api.apiId}.execute-api.${api.region}.amazonaws.com`,
      stage: resolved.stage,
      routeKey: resolved.routeKey,
      pathParameters: resolved.pathParameters,
      requestId,
      now,
    },
  );
  const invocation = LambdaRuntime.of(server.resources).invoke({ fn, event, synchronous: true });
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolveTimeout) => {
    timer = setTimeout(() => resolveTimeout('timeout'), integration.timeoutMs);
  });
  const outcome = await Promise.race([invocation, timedOut]).finally(() => clearTimeout(timer));
  if (outcome === 'timeout') return gatewayError(504, 'Gateway Timeout', requestId);
  if (outcome.kind !== 'succeeded') return gatewayError(500, 'Internal Server Error', requestId);
  return responseFromPayload(outcome.payload, requestId);
}

function resolve(
  api: HttpApiRecord,
  path: string,
  method: string,
  state: Parameters<typeof functionByArn>[0],
): Resolved | undefined {
  const [first = '', ...others] = path.split('/').slice(1);
  const named = first !== '' && first !== '$default' && api.stages.includes(first);
  if (!named && !api.stages.includes('$default')) return undefined;
  const stage = named ? first : '$default';
  const routePath = named ? `/${others.join('/')}` : path;
  const match = matchRoute(Object.values(api.routes), method, routePath);
  if (!match) return undefined;
  const integrationId = match.route.target?.replace(/^integrations\//, '');
  const integration = integrationId ? api.integrations[integrationId] : undefined;
  const functionArn = integration ? integrationFunctionArn(integration) : undefined;
  const fn = functionArn ? functionByArn(state, functionArn) : undefined;
  return {
    api,
    stage,
    path: routePath,
    routeKey: match.route.routeKey,
    pathParameters: match.pathParameters,
    ...(integration ? { integration } : {}),
    ...(fn ? { fn: cloneState(fn) } : {}),
  };
}
