export interface PageRequest {
  readonly maxResults: number;
  readonly nextToken: string | undefined;
}

export interface Page<T> {
  readonly items: T[];
  readonly nextToken: string | undefined;
}

/**
 * Returns one page of items ordered by sortKey. The NextToken names the listing and the last key
 * returned, so items added or removed between pages neither repeat nor shift the next page.
 * invalidToken builds the service's error for a token it did not issue for this listing.
 */
export function paginate<T>(
  items: readonly T[],
  sortKey: (item: T) => string,
  listing: string,
  request: PageRequest,
  invalidToken: () => Error,
): Page<T> {
  const ordered = [...items].sort((a, b) => compare(sortKey(a), sortKey(b)));
  const afterKey = request.nextToken === undefined ? undefined : decodeToken(request.nextToken, listing, invalidToken);
  const remaining = afterKey === undefined ? ordered : ordered.filter((item) => compare(sortKey(item), afterKey) > 0);
  const pageItems = remaining.slice(0, request.maxResults);
  const last = pageItems[pageItems.length - 1];
  const nextToken =
    remaining.length > pageItems.length && last !== undefined ? encodeToken(listing, sortKey(last)) : undefined;
  return { items: pageItems, nextToken };
}

/** A sort key for records numbered in creation order: clocks may tie or differ between processes, a counter does not. */
export function creationOrderKey(sequence: number): string {
  return String(sequence).padStart(12, '0');
}

function encodeToken(listing: string, lastKey: string): string {
  return Buffer.from(JSON.stringify({ listing, after: lastKey })).toString('base64url');
}

function decodeToken(token: string, listing: string, invalidToken: () => Error): string {
  try {
    const decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as {
      listing?: unknown;
      after?: unknown;
    };
    if (decoded.listing === listing && typeof decoded.after === 'string') return decoded.after;
  } catch {
    // reported below
  }
  throw invalidToken();
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
