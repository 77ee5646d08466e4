import { usageError } from '../core/errors.js';
import { ERR } from '../core/error-codes.js';

/** A request to vend one account, validated. */
export interface VendRequest {
  name: string;
  email: string;
  /** OU path ("Workloads/Prod"), OU id, or "root". */
  ou: string;
  tags: Record<string, string>;
  accessRole: string;
}

// AWS CreateAccount constraints (Organizations API reference).
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const ACCOUNT_NAME = /^[\u0020-\u007E]+$/;
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
export const MAX_TAGS = 50;

/** Parses repeated k=v strings into tags; a later duplicate key is an error, not a silent overwrite. */
export function parseTags(pairs: readonly string[]): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const pair of pairs) {
    const index = pair.indexOf('=');
    if (index <= 0)
      throw usageError(
        ERR.BAD_TAG,
        `tag "${pair}" is not key=value`,
        'write tags as --tag key=value, e.g. --tag env=prod',
      );
    const key = pair.slice(0, index).trim();
    if (key in tags) throw usageError(ERR.BAD_TAG, `tag key "${key}" is given twice`);
    tags[key] = pair.slice(index + 1);
  }
  return tags;
}

/** Checks everything AWS would reject, before any call is made. */
export function validateVendRequest(input: {
  name: string;
  email: string;
  ou: string;
  tags: Record<string, string>;
  accessRole: string;
}): VendRequest {
  const name = input.name.trim();
  const email = input.email.trim();
  if (name.length < 1 || name.length > 50 || !ACCOUNT_NAME.test(name)) {
    throw usageError(
      ERR.BAD_ACCOUNT_NAME,
      `account name "${input.name}" must be 1 to 50 printable ASCII characters`,
      'choose a shorter name, e.g. --name "Workloads Prod"',
    );
  }
  if (email.length < 6 || email.length > 64 || !EMAIL.test(email)) {
    throw usageError(
      ERR.BAD_EMAIL,
      `"${input.email}" is not a valid e-mail address for an AWS account (6 to 64 characters, name@domain.tld)`,
      'pass --email with a deliverable address, e.g. aws+dev@example.com',
    );
  }
  if (!ROLE_NAME.test(input.accessRole)) {
    throw usageError(
      ERR.BAD_ACCESS_ROLE,
      `access role name "${input.accessRole}" is not a valid IAM role name (1 to 64 of letters, digits and +=,.@_-)`,
    );
  }
  const entries = Object.entries(input.tags);
  if (entries.length > MAX_TAGS)
    throw usageError(ERR.BAD_TAG, `${entries.length} tags given; AWS allows at most ${MAX_TAGS} per account`);
  for (const [key, value] of entries) {
    if (key.length < 1 || key.length > 128)
      throw usageError(ERR.BAD_TAG, `tag key "${key}" must be 1 to 128 characters`);
    if (value.length > 256) throw usageError(ERR.BAD_TAG, `tag "${key}" has a value over 256 characters`);
    if (key.toLowerCase().startsWith('aws:'))
      throw usageError(ERR.BAD_TAG, `tag key "${key}" uses the reserved prefix aws:`);
  }
  if (input.ou.trim() === '')
    throw usageError(
      ERR.BAD_OU_PATH,
      'the OU must not be empty',
      'pass --ou with an OU path such as Workloads/Prod, or root',
    );
  return { name, email, ou: input.ou.trim(), tags: { ...input.tags }, accessRole: input.accessRole };
}
