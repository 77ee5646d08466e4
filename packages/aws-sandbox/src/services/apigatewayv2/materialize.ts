import type { WorkloadMaterializeContext, WorkloadMaterializer } from '../cloudformation/materialize-workloads.js';
import { apiGatewayState, findApi, type HttpApiRecord } from './model.js';

/** The maximum integration timeout of an HTTP API (and its default). */
const MAX_INTEGRATION_TIMEOUT_MS = 30_000;

function apiOrThrow(ctx: WorkloadMaterializeContext, apiId: unknown): HttpApiRecord {
  const api = findApi(ctx.state, String(apiId ?? ''));
  if (!api || api.accountId !== ctx.accountId) throw new Error(`Invalid API identifier specified ${String(apiId)}`);
  return api;
}

/** API Gateway v2 resources made real: the sandbox serves the API's routes on 127.0.0.1 (see http-api.ts). */
export const API_GATEWAY_MATERIALIZERS: Readonly<Record<string, WorkloadMaterializer>> = {
  'AWS::ApiGatewayV2::Api': {
    apply(resource, ctx) {
      const properties = resource.properties;
      const protocolType = String(properties.ProtocolType ?? 'HTTP');
      if (protocolType !== 'HTTP')
        throw new Error(`The awsarch sandbox serves HTTP APIs only, not ProtocolType ${protocolType}`);
      const existing = findApi(ctx.state, resource.physicalId);
      apiGatewayState(ctx.state).apis[resource.physicalId] = {
        apiId: resource.physicalId,
        name: String(properties.Name ?? resource.logicalId),
        accountId: ctx.accountId,
        region: ctx.region,
        protocolType,
        ...(typeof properties.Description === 'string' ? { description: properties.Description } : {}),
        createdAt: existing?.createdAt ?? new Date(ctx.now).toISOString(),
        routes: existing?.routes ?? {},
        integrations: existing?.integrations ?? {},
        stages: existing?.stages ?? [],
      };
    },
    remove(resource, ctx) {
      delete apiGatewayState(ctx.state).apis[resource.physicalId];
    },
  },
  'AWS::ApiGatewayV2::Stage': {
    apply(resource, ctx) {
      const api = apiOrThrow(ctx, resource.properties.ApiId);
      const name = String(resource.properties.StageName ?? '$default');
      if (!api.stages.includes(name)) api.stages.push(name);
    },
    remove(resource, ctx) {
      const api = findApi(ctx.state, String(resource.properties.ApiId ?? ''));
      if (api) api.stages = api.stages.filter((stage) => stage !== String(resource.properties.StageName));
    },
  },
  'AWS::ApiGatewayV2::Integration': {
    apply(resource, ctx) {
      const properties = resource.properties;
      const api = apiOrThrow(ctx, properties.ApiId);
      const timeout = Number(properties.TimeoutInMillis ?? MAX_INTEGRATION_TIMEOUT_MS);
      api.integrations[resource.physicalId] = {
        integrationId: resource.physicalId,
        integrationType: String(properties.IntegrationType ?? ''),
        integrationUri: String(properties.IntegrationUri ?? ''),
        payloadFormatVersion: String(properties.PayloadFormatVersion ?? '2.0'),
        timeoutMs: Math.min(
          MAX_INTEGRATION_TIMEOUT_MS,
          Number.isFinite(timeout) ? timeout : MAX_INTEGRATION_TIMEOUT_MS,
        ),
      };
    },
    remove(resource, ctx) {
      const api = findApi(ctx.state, String(resource.properties.ApiId ?? ''));
      if (api) delete api.integrations[resource.physicalId];
    },
  },
  'AWS::ApiGatewayV2::Route': {
    apply(resource, ctx) {
      const properties = resource.properties;
      const api = apiOrThrow(ctx, properties.ApiId);
      api.routes[resource.physicalId] = {
        routeId: resource.physicalId,
        routeKey: String(properties.RouteKey ?? ''),
        ...(typeof properties.Target === 'string' ? { target: properties.Target } : {}),
        authorizationType: String(properties.AuthorizationType ?? 'NONE'),
      };
    },
    remove(resource, ctx) {
      const api = findApi(ctx.state, String(resource.properties.ApiId ?? ''));
      if (api) delete api.routes[resource.physicalId];
    },
  },
};
