import { SandboxServiceError } from '../../errors.js';
import { paginate, type Page } from '../../pagination.js';
import type { OperationInput } from '../../types.js';

/** EC2-style MaxResults (5..1000, default all) / NextToken paging over items sorted by id. */
export function ec2Page<T>(
  input: OperationInput,
  items: readonly T[],
  idOf: (item: T) => string,
  listing: string,
): Page<T> {
  const maxResults = input.MaxResults === undefined ? 1000 : Number(input.MaxResults);
  if (!Number.isInteger(maxResults) || maxResults < 5 || maxResults > 1000) {
    throw new SandboxServiceError(
      'InvalidParameterValue',
      `Value ( ${String(input.MaxResults)} ) for parameter maxResults is invalid. Expecting a value between 5 and 1000.`,
    );
  }
  const nextToken = input.NextToken === undefined ? undefined : String(input.NextToken);
  return paginate(
    items,
    idOf,
    listing,
    { maxResults, nextToken },
    () => new SandboxServiceError('InvalidNextToken', 'The token is invalid or expired.'),
  );
}
