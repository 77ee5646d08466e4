import { SandboxServiceError } from '../errors.js';
import type { HandlerContext, OperationInput, ServiceDefinition } from '../types.js';
import { localApiEndpoint } from './apigatewayv2/http-api.js';
import { apiGatewayState, findApi, type HttpApiRecord } from './apigatewayv2/model.js';

/**
 * An API as GetApi describes it. ApiEndpoint is where this sandbox serves it
 * (http://127.0.0.1:PORT/_aws/execute-api/API_ID) rather than https://API_ID.execute-api.REGION.amazonaws.com:
 * that is the address that answers, for as long as this sandbox runs.
 */
function apiOutput(api: HttpApiRecord, ctx: HandlerContext) {
  return {
    apiEndpoint: localApiEndpoint(ctx.endpoint, api.apiId),
    apiId: api.apiId,
    name: api.name,
    protocolType: api.protocolType,
    routeSelectionExpression: '$request.method $request.path',
    createdDate: api.createdAt,
    ...(api.description ? { description: api.description } : {}),
  };
}

function getApi(input: OperationInput, ctx: HandlerContext) {
  const api = findApi(ctx.state, String(input.ApiId ?? ''));
  if (!api || api.accountId !== ctx.caller.accountId || api.region !== ctx.region)
    throw new SandboxServiceError(
      'NotFoundException',
      `Invalid API identifier specified ${ctx.caller.accountId}:${String(input.ApiId)}`,
      {
        status: 404,
        extra: { resourceType: 'Api' },
      },
    );
  return apiOutput(api, ctx);
}

function getApis(_input: OperationInput, ctx: HandlerContext) {
  const apis = Object.values(apiGatewayState(ctx.state).apis).filter(
    (api) => api.accountId === ctx.caller.accountId && api.region === ctx.region,
  );
  return { items: apis.map((api) => apiOutput(api, ctx)) };
}

/**
 * Amazon API Gateway v2 (restJson1): HTTP APIs made by CloudFormation (AWS::ApiGatewayV2::Api, Stage,
 * Route, Integration) are served by the sandbox itself (apigatewayv2/http-api.ts); GetApi and GetApis
 * say where. Only what awsarch reads is implemented.
 */
export const apiGatewayV2Service: ServiceDefinition = {
  name: 'apigatewayv2',
  signingName: 'apigateway',
  iamPrefix: 'apigateway',
  protocol: 'restJson1',
  sdkClient: '@aws-sdk/client-apigatewayv2',
  throttlingError: { code: 'TooManyRequestsException', status: 429, message: 'Too Many Requests' },
  accessDeniedError: { code: 'AccessDeniedException', status: 403 },
  routes: [
    { method: 'GET', path: '/v2/apis/{ApiId}', operation: 'GetApi' },
    { method: 'GET', path: '/v2/apis', operation: 'GetApis' },
  ],
  operations: { GetApi: getApi, GetApis: getApis },
};
