import { ApiGatewayV2Client, GetApiCommand } from '@aws-sdk/client-apigatewayv2';
import { COMMAND_ROUTES, QUERY_ROUTES } from '#workloads/orders/index.js';
import { toAwsarchError } from '../aws/aws-errors.js';
import type { CommandContext } from '../core/context.js';
import { ERR } from '../core/error-codes.js';
import { AwsarchError, usageError } from '../core/errors.js';
import type { WorkloadDefinition } from './catalog.js';
import { readWorkloadStack, requiredOutput, workloadAccount } from './replay/workload-stack.js';

/** Where a workload's HTTP API answers, and what it serves. */
export interface WorkloadUrl {
  readonly workload: WorkloadDefinition['name'];
  readonly account: string;
  readonly apiId: string;
  readonly url: string;
  /** The address AWS gives the API (the stack's ApiUrl output). */
  readonly awsUrl: string;
  /** aws: the API Gateway endpoint; sandbox: served by the sandbox on 127.0.0.1. */
  readonly servedBy: 'aws' | 'sandbox';
  /** With a sandbox inside this process, the URL stops answering when the command ends. */
  readonly servedWhileThisCommandRuns: boolean;
  readonly routes: readonly string[];
}

/** The API id of an HTTP API URL (https://API_ID.execute-api.REGION.amazonaws.com). */
export function apiIdOf(url: string): string | undefined {
  return /^https:\/\/([a-z0-9]+)\.execute-api\.[a-z0-9-]+\.amazonaws\.com/.exec(url)?.[1];
}

/**
 * The URL of a deployed workload's HTTP API: the API id from the stack's ApiUrl output, its endpoint from
 * API Gateway (GetApi), which the sandbox answers with the address it serves the API at.
 */
export async function resolveWorkloadUrl(
  ctx: Pick<CommandContext, 'aws' | 'sandbox'>,
  request: { workload: WorkloadDefinition; account?: string },
): Promise<WorkloadUrl> {
  if (request.workload.name !== 'orders')
    throw usageError(
      ERR.WORKLOAD_HAS_NO_API,
      `the ${request.workload.name} workload has no HTTP API: its entry points are its event bus and its functions`,
      'orders has an HTTP API (awsarch workloads url orders); for ride-sharing see awsarch deploy ride-sharing outputs',
    );
  const account = await workloadAccount(ctx, request.account);
  const stack = await readWorkloadStack(account, 'Orders', 'orders');
  const awsUrl = requiredOutput(stack, 'ApiUrl', 'orders');
  const apiId = apiIdOf(awsUrl);
  if (!apiId)
    throw new AwsarchError(ERR.WORKLOAD_OUTDATED, `the Orders stack's ApiUrl output is not an HTTP API URL: ${awsUrl}`);
  let endpoint: string | undefined;
  try {
    endpoint = (await account.aws.client(ApiGatewayV2Client).send(new GetApiCommand({ ApiId: apiId }))).ApiEndpoint;
  } catch (error) {
    throw toAwsarchError(error, `Reading the orders HTTP API ${apiId}`);
  }
  return {
    workload: 'orders',
    account: account.label,
    apiId,
    url: endpoint ?? awsUrl,
    awsUrl,
    servedBy: ctx.sandbox ? 'sandbox' : 'aws',
    servedWhileThisCommandRuns: ctx.sandbox !== undefined && !ctx.sandbox.shared,
    routes: [...COMMAND_ROUTES, ...QUERY_ROUTES],
  };
}
