/**
 * A value read from AWS with the length of the chain of sequential calls behind it: the deepest chain of
 * a collection is its number of rounds, the figure the benchmark compares with reading account by account.
 */
export interface Tracked<T> {
  value: T;
  depth: number;
}

/** One call (paced and retried by the client factory's scheduler), one round after `after`. */
export async function trackedCall<T>(after: number, call: () => Promise<T>): Promise<Tracked<T>> {
  return { value: await call(), depth: after + 1 };
}

/** Every page of a NextToken-paged API, one round per page. */
export async function trackedPages<Page, Item>(
  after: number,
  fetch: (nextToken: string | undefined) => Promise<Page>,
  read: (page: Page) => { items: Item[] | undefined; next: string | undefined },
): Promise<Tracked<Item[]>> {
  const items: Item[] = [];
  let depth = after;
  let token: string | undefined;
  do {
    const page = read(await fetch(token));
    depth += 1;
    items.push(...(page.items ?? []));
    // An empty string ends GuardDuty's pages as an absent token ends the others'.
    token = page.next || undefined;
  } while (token);
  return { value: items, depth };
}

/** Reads that each need one input, all at once; as deep as the deepest. */
export async function trackedEach<In, Out>(
  items: readonly In[],
  after: number,
  read: (item: In) => Promise<Tracked<Out>>,
): Promise<Tracked<Out[]>> {
  const results = await Promise.all(items.map(read));
  return { value: results.map((result) => result.value), depth: Math.max(after, ...results.map((r) => r.depth)) };
}
