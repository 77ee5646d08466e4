import { SandboxServiceError } from '../../errors.js';
import { paginate } from '../../pagination.js';
import type { OperationHandler } from '../../types.js';
import { publishedMetrics } from './metrics.js';
import { invalidValue } from './model.js';

const PAGE = 500;
const MAX_DIMENSION_FILTERS = 10;

/**
 * ListMetrics: the metric streams of the account and region (those the sandbox derives from its
 * hybrid resources, all recently active), filtered by namespace, name and dimensions, 500 a page.
 */
export const listMetrics: OperationHandler = (input, ctx) => {
  const namespace = input.Namespace === undefined ? undefined : String(input.Namespace);
  const metricName = input.MetricName === undefined ? undefined : String(input.MetricName);
  const filters = input.Dimensions ?? [];
  if (!Array.isArray(filters) || filters.length > MAX_DIMENSION_FILTERS)
    throw invalidValue(`The collection Dimensions must not have a size greater than ${MAX_DIMENSION_FILTERS}.`);
  if (input.RecentlyActive !== undefined && input.RecentlyActive !== 'PT3H')
    throw invalidValue('The only valid value of RecentlyActive is PT3H.');
  const wanted = filters.map((filter) => {
    const { Name, Value } = (filter ?? {}) as { Name?: unknown; Value?: unknown };
    if (typeof Name !== 'string' || Name.length === 0) throw invalidValue('A dimension filter needs a Name.');
    return { name: Name, value: typeof Value === 'string' ? Value : undefined };
  });
  const metrics = publishedMetrics(ctx.state, ctx.caller.accountId, ctx.region, ctx.now()).filter(
    (metric) =>
      (namespace === undefined || metric.namespace === namespace) &&
      (metricName === undefined || metric.metricName === metricName) &&
      wanted.every((filter) =>
        metric.dimensions.some(
          (dimension) =>
            dimension.name === filter.name && (filter.value === undefined || dimension.value === filter.value),
        ),
      ),
  );
  const key = (metric: (typeof metrics)[number]) =>
    `${metric.namespace}|${metric.metricName}|${metric.dimensions.map((d) => `${d.name}=${d.value}`).join(',')}`;
  const page = paginate(
    metrics,
    key,
    'ListMetrics',
    { maxResults: PAGE, nextToken: input.NextToken === undefined ? undefined : String(input.NextToken) },
    () => new SandboxServiceError('InvalidParameterValueException', 'The value for parameter NextToken is not valid.'),
  );
  return {
    Metrics: page.items.map((metric) => ({
      Namespace: metric.namespace,
      MetricName: metric.metricName,
      Dimensions: metric.dimensions.map((dimension) => ({ Name: dimension.name, Value: dimension.value })),
    })),
    NextToken: page.nextToken,
  };
};
