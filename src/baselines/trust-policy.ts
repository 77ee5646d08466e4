/** A trust policy as IAM stores it, but compared by meaning rather than by text. */
export interface PolicyDocument {
  Version?: string;
  Statement: Array<Record<string, unknown>>;
}

/** The trust policy of a cross-account role: the trusted account's root principal may assume it, with MFA when required. */
export function renderTrustPolicy(trustedAccountId: string, requireMfa: boolean): PolicyDocument {
  const statement: Record<string, unknown> = {
    Effect: 'Allow',
    Principal: { AWS: `arn:aws:iam::${trustedAccountId}:root` },
    Action: 'sts:AssumeRole',
  };
  if (requireMfa) statement.Condition = { Bool: { 'aws:MultiFactorAuthPresent': 'true' } };
  return { Version: '2012-10-17', Statement: [statement] };
}

/** IAM returns trust policies URL-encoded; a policy that is already JSON is returned as it is. */
export function decodePolicyDocument(text: string | undefined): PolicyDocument | undefined {
  if (!text) return undefined;
  for (const candidate of [text, safeDecode(text)]) {
    try {
      const parsed = JSON.parse(candidate) as { Version?: string; Statement?: unknown };
      return {
        Version: parsed.Version,
        Statement: ([] as unknown[])
          .concat(parsed.Statement ?? [])
          .filter(
            (statement): statement is Record<string, unknown> => typeof statement === 'object' && statement !== null,
          ),
      };
    } catch {
      // try the next form
    }
  }
  return undefined;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

const asSortedList = (value: unknown, transform: (item: string) => string = (item) => item): string[] =>
  [...new Set(([] as unknown[]).concat(value ?? []).map((item) => transform(String(item))))].sort();

/** IAM stores an account id principal as the account's root ARN. */
const principalArn = (value: string): string => (/^\d{12}$/.test(value) ? `arn:aws:iam::${value}:root` : value);

function normalizePrincipal(principal: unknown): unknown {
  if (principal === undefined) return undefined;
  if (typeof principal === 'string') return principal;
  return Object.fromEntries(
    Object.entries(principal as Record<string, unknown>)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([kind, values]) => [kind, asSortedList(values, kind === 'AWS' ? principalArn : undefined)]),
  );
}

function normalizeCondition(condition: unknown): unknown {
  if (condition === undefined) return undefined;
  return Object.fromEntries(
    Object.entries(condition as Record<string, Record<string, unknown>>)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([operator, tests]) => [
        operator,
        Object.fromEntries(
          Object.entries(tests ?? {})
            .map(([key, values]) => [key.toLowerCase(), asSortedList(values)])
            .sort(([a], [b]) => String(a).localeCompare(String(b))),
        ),
      ]),
  );
}

/** A canonical form: statements without Sids, lists sorted, actions lower-case, account ids as root ARNs, condition values as strings. */
export function canonicalPolicy(document: PolicyDocument): string {
  const statements = document.Statement.map((statement) =>
    JSON.stringify({
      Effect: statement.Effect,
      Principal: normalizePrincipal(statement.Principal),
      NotPrincipal: normalizePrincipal(statement.NotPrincipal),
      Action:
        statement.Action === undefined ? undefined : asSortedList(statement.Action, (action) => action.toLowerCase()),
      NotAction:
        statement.NotAction === undefined
          ? undefined
          : asSortedList(statement.NotAction, (action) => action.toLowerCase()),
      Resource: statement.Resource === undefined ? undefined : asSortedList(statement.Resource),
      Condition: normalizeCondition(statement.Condition),
    }),
  ).sort();
  return JSON.stringify({ Version: document.Version ?? '2008-10-17', Statement: statements });
}

export function policiesEqual(a: PolicyDocument, b: PolicyDocument): boolean {
  return canonicalPolicy(a) === canonicalPolicy(b);
}

/** One line per statement, e.g. "Allow sts:AssumeRole by arn:aws:iam::1:root if Bool aws:MultiFactorAuthPresent=true". */
export function describePolicy(document: PolicyDocument): string {
  return document.Statement.map((statement) => {
    const principal = normalizePrincipal(statement.Principal);
    const who =
      typeof principal === 'string'
        ? principal
        : Object.values((principal ?? {}) as Record<string, string[]>)
            .flat()
            .join(',');
    const conditions = Object.entries((statement.Condition ?? {}) as Record<string, Record<string, unknown>>).flatMap(
      ([operator, tests]) =>
        Object.entries(tests ?? {}).map(([key, values]) => `${operator} ${key}=${asSortedList(values).join('|')}`),
    );
    return `${String(statement.Effect)} ${asSortedList(statement.Action ?? statement.NotAction).join(',')} by ${who || '(nobody)'}${conditions.length ? ` if ${conditions.join(' and ')}` : ''}`;
  }).join('; ');
}
