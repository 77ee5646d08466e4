import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { EC2Client } from '@aws-sdk/client-ec2';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { STSClient } from '@aws-sdk/client-sts';
import type { SdkClient, SdkClientClass } from '../aws/clients.js';
import type { CommandContext } from '../core/context.js';
import { ERR } from '../core/error-codes.js';
import type { DoctorCheck, EndpointProbe } from './report.js';

/** The services every awsarch command needs (identity, the organization, networks), by client. */
const SERVICES: Array<[string, SdkClientClass<SdkClient & { config: unknown }>]> = [
  ['sts', STSClient],
  ['organizations', OrganizationsClient],
  ['ec2', EC2Client],
];

interface EndpointResolver {
  endpointProvider(params: Record<string, unknown>): { url: URL };
}

/** Each service's endpoint in the Region as the SDK resolves it (one URL for all with --endpoint-url or --sandbox). */
export function serviceEndpoints(ctx: CommandContext): Map<string, string[]> {
  const byUrl = new Map<string, string[]>();
  for (const [service, Client] of SERVICES) {
    const custom = ctx.aws.target.endpoint;
    const url =
      custom ??
      (ctx.aws.client(Client).config as EndpointResolver).endpointProvider({
        Region: ctx.options.region,
        UseFIPS: false,
        UseDualStack: false,
        UseGlobalEndpoint: false,
      }).url.href;
    byUrl.set(url, [...(byUrl.get(url) ?? []), service]);
  }
  return byUrl;
}

/**
 * One unsigned GET to the endpoint: any HTTP answer (AWS answers an unsigned request with an error) proves
 * DNS, the route, TCP and TLS work; the time to its first byte is the latency a call pays at least.
 */
export function probeEndpoint(
  url: string,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<Omit<EndpointProbe, 'services'>> {
  return new Promise((resolve) => {
    const started = performance.now();
    const send = url.startsWith('https:') ? httpsRequest : httpRequest;
    const finish = (result: Omit<EndpointProbe, 'services' | 'url'>) => resolve({ url, ...result });
    let timedOut = false;
    const request = send(url, { method: 'GET', timeout: timeoutMs, signal, agent: false }, (response) => {
      finish({ reachable: true, ms: Math.round(performance.now() - started), httpStatus: response.statusCode });
      response.resume();
      request.destroy();
    });
    request.on('timeout', () => {
      timedOut = true;
      request.destroy();
    });
    request.on('error', (error: Error & { code?: string }) =>
      finish({
        reachable: false,
        error: timedOut
          ? `no answer within ${timeoutMs} ms`
          : error.code
            ? `${error.code}: ${error.message}`
            : error.message,
      }),
    );
    request.end();
  });
}

/** Probes every endpoint at once and sums them up in one line. */
export async function checkEndpoints(
  ctx: CommandContext,
  timeoutMs: number,
): Promise<{ check: DoctorCheck; endpoints: EndpointProbe[] }> {
  const endpoints = await Promise.all(
    [...serviceEndpoints(ctx)].map(async ([url, services]) => ({
      services,
      ...(await probeEndpoint(url, timeoutMs, ctx.signal)),
    })),
  );
  const describe = (probe: EndpointProbe) =>
    `${probe.services.join('/')} ${new URL(probe.url).host} ${probe.reachable ? `${probe.ms} ms` : `unreachable (${probe.error})`}`;
  const failed = endpoints.filter((probe) => !probe.reachable);
  return {
    endpoints,
    check: {
      name: 'endpoints',
      status: failed.length > 0 ? 'failed' : 'ok',
      required: true,
      text: endpoints.map(describe).join(', '),
      ...(failed.length > 0
        ? {
            error: {
              code: ERR.AWS_UNREACHABLE.code,
              message: `cannot reach ${failed.map((probe) => probe.url).join(', ')}`,
              hint: 'check --endpoint-url / AWS_ENDPOINT_URL, the network and any proxy, or use --sandbox',
            },
          }
        : {}),
    },
  };
}
