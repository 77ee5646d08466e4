import { toAwsarchError } from '../aws/aws-errors.js';
import { isAwsarchError } from '../core/errors.js';
import { ERR } from '../core/error-codes.js';

/**
 * A value read from AWS with the length of the chain of sequential calls that produced it: a read
 * that needs nothing is 1 call deep per page; one that needs another read's answer starts after it.
 * The deepest chain of a collection is its number of sequential rounds.
 */
export interface Tracked<T> {
  value: T;
  depth: number;
}

/** Collects every page of an SDK paginator started after a chain of `after` calls. */
export async function trackedPages<Page, Item>(
  after: number,
  doing: string,
  pages: AsyncIterable<Page>,
  items: (page: Page) => Item[] | undefined,
): Promise<Tracked<Item[]>> {
  const all: Item[] = [];
  let depth = after;
  try {
    for await (const page of pages) {
      depth += 1;
      all.push(...(items(page) ?? []));
    }
  } catch (error) {
    throw toAwsarchError(error, doing);
  }
  return { value: all, depth };
}

/** For APIs without an SDK paginator (Direct Connect): pages by nextToken until there is none. */
export async function* tokenPages<Page>(
  fetch: (nextToken: string | undefined) => Promise<Page>,
  nextTokenOf: (page: Page) => string | undefined,
): AsyncIterable<Page> {
  let token: string | undefined;
  do {
    const page = await fetch(token);
    yield page;
    token = nextTokenOf(page);
  } while (token);
}

/** One call, tracked. */
export async function trackedCall<T>(after: number, doing: string, call: () => Promise<T>): Promise<Tracked<T>> {
  try {
    return { value: await call(), depth: after + 1 };
  } catch (error) {
    throw toAwsarchError(error, doing);
  }
}

/** Runs reads that each depend on one input, all at once; the result is as deep as the deepest. */
export async function trackedEach<In, Out>(
  items: readonly In[],
  read: (item: In) => Promise<Tracked<Out>>,
  after: number,
): Promise<Tracked<Out[]>> {
  const results = await Promise.all(items.map(read));
  return {
    value: results.map((result) => result.value),
    depth: Math.max(after, ...results.map((result) => result.depth)),
  };
}

/** How a collection reads: page size for tests of pagination (each service's minimum applies). */
export interface ReadOptions {
  pageSize?: number;
}

export const pageSizeFor = (options: ReadOptions, minimum: number, maximum: number): number | undefined =>
  options.pageSize === undefined ? undefined : Math.min(maximum, Math.max(minimum, options.pageSize));

/** What a collection could not read without failing: warnings, and services the Region does not offer. */
export interface ReadProblems {
  warnings: string[];
  unavailableServices: string[];
}

/** True for an endpoint that does not resolve: in a Region that lacks the service, its endpoint has no DNS name. */
function isUnresolvableEndpoint(error: unknown): boolean {
  if (!isAwsarchError(error) || !ERR.AWS_UNREACHABLE.is(error)) return false;
  return (error.cause as { code?: string } | undefined)?.code === 'ENOTFOUND';
}

/**
 * A read that may fail without spoiling the rest: the message becomes a warning, or, for a service
 * whose endpoint does not resolve, a note that the Region does not offer it; the fallback stands in.
 */
export async function optionalRead<T>(
  read: () => Promise<Tracked<T>>,
  fallback: T,
  after: number,
  problems: ReadProblems,
  service?: string,
): Promise<Tracked<T>> {
  try {
    return await read();
  } catch (error) {
    if (service && isUnresolvableEndpoint(error)) {
      if (!problems.unavailableServices.includes(service)) problems.unavailableServices.push(service);
    } else {
      problems.warnings.push(isAwsarchError(error) ? error.message : String(error));
    }
    return { value: fallback, depth: after + 1 };
  }
}

/**
 * Like trackedEach, with at most `limit` reads in flight: each worker takes the next item when its
 * last one is done, so an item's chain starts where that worker's previous chain ended (more items
 * than workers cost more rounds, and the depth says so).
 */
export async function trackedEachLimited<In, Out>(
  items: readonly In[],
  limit: number,
  read: (item: In, after: number) => Promise<Tracked<Out>>,
  after: number,
): Promise<Tracked<Out[]>> {
  const values = new Array<Out>(items.length);
  let next = 0;
  let deepest = after;
  const worker = async () => {
    let start = after;
    while (next < items.length) {
      const index = next++;
      const result = await read(items[index] as In, start);
      values[index] = result.value;
      start = result.depth;
      deepest = Math.max(deepest, start);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return { value: values, depth: deepest };
}
