import type { WorkloadUrl } from '../../workloads/workload-url.js';
import type { HumanBlock } from '../io-host.js';

/** `awsarch workloads url`: the URL on its own line, then the routes with their full URLs. */
export function workloadUrlView(result: WorkloadUrl): HumanBlock[] {
  const lines = [result.url];
  if (result.servedWhileThisCommandRuns)
    lines.push(
      'this sandbox ran inside this command and has stopped: run `awsarch sandbox start` in another shell, then ask again for a URL that keeps answering',
    );
  return [
    { kind: 'text', lines },
    {
      kind: 'table',
      title: `${result.workload} HTTP API ${result.apiId} (${result.account}${result.servedBy === 'sandbox' ? ', served by the sandbox' : ''})`,
      columns: ['ROUTE', 'URL'],
      rows: result.routes.map((route) => {
        const [method = '', path = ''] = route.split(' ');
        return [method, `${result.url}${path}`];
      }),
    },
  ];
}
