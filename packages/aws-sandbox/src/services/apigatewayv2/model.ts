import { serviceState, type SandboxState } from '../../state.js';

export interface HttpApiRoute {
  routeId: string;
  /** e.g. "POST /orders/{orderId}/items", "ANY /{proxy+}" or "$default". */
  routeKey: string;
  /** integrations/INTEGRATION_ID */
  target?: string;
  authorizationType: string;
}

export interface HttpApiIntegration {
  integrationId: string;
  integrationType: string;
  /** A Lambda function ARN (or the apigateway:lambda:path form around one). */
  integrationUri: string;
  payloadFormatVersion: string;
  timeoutMs: number;
}

/** An HTTP API (API Gateway v2, ProtocolType HTTP) with its routes, integrations and stages. */
export interface HttpApiRecord {
  apiId: string;
  name: string;
  accountId: string;
  region: string;
  protocolType: string;
  description?: string;
  createdAt: string;
  routes: Record<string, HttpApiRoute>;
  integrations: Record<string, HttpApiIntegration>;
  /** Stage names ($default serves the API at its root). */
  stages: string[];
}

/** API ids are unique across accounts, as their endpoints are: state.services.apigatewayv2.apis[API_ID]. */
export interface ApiGatewayState {
  apis: Record<string, HttpApiRecord>;
}

export function apiGatewayState(state: SandboxState): ApiGatewayState {
  return serviceState<ApiGatewayState>(state, 'apigatewayv2', () => ({ apis: {} }));
}

export function findApi(state: SandboxState, apiId: string): HttpApiRecord | undefined {
  const slice = state.services.apigatewayv2 as ApiGatewayState | undefined;
  return slice?.apis[apiId];
}

/** The function ARN of an AWS_PROXY integration (IntegrationUri is the ARN, or arn:aws:apigateway:…:lambda:path/…/functions/ARN/invocations). */
export function integrationFunctionArn(integration: HttpApiIntegration): string | undefined {
  const uri = integration.integrationUri;
  const wrapped = /functions\/(arn:aws[a-z-]*:lambda:[^/]+)\/invocations$/.exec(uri);
  if (wrapped) return wrapped[1];
  return uri.startsWith('arn:aws') && uri.includes(':lambda:') ? uri : undefined;
}
