import { createHash } from 'node:crypto';
import type { SandboxState } from '../../state.js';
import type { HandlerContext, OperationHandler } from '../../types.js';
import { regionsSeenFrom } from './aggregation.js';
import { reconcileOrganization } from './central-configuration.js';
import { FilterError, findingComparator, findingPredicate } from './finding-filters.js';
import {
  isoTime,
  maxResultsOf,
  membersOf,
  requireHub,
  securityHubError,
  securityHubState,
  where,
  type StoredFinding,
} from './model.js';

const REQUIRED = [
  'SchemaVersion',
  'Id',
  'ProductArn',
  'GeneratorId',
  'AwsAccountId',
  'CreatedAt',
  'UpdatedAt',
  'Title',
  'Description',
  'Resources',
];
const MAX_FINDING_BYTES = 240 * 1024;
const LABEL_TO_NORMALIZED: Record<string, number> = { INFORMATIONAL: 0, LOW: 1, MEDIUM: 40, HIGH: 70, CRITICAL: 90 };
/** Members the finding's customer owns: an import never overwrites them once set (BatchUpdateFindings does). */
const CUSTOMER_MEMBERS = ['Note', 'UserDefinedFields', 'VerificationState', 'Workflow'];

/** The products whose findings AWS services send (ProductName, CompanyName), by the product part of the ARN. */
const AWS_PRODUCTS: Record<string, { name: string; company: string }> = {
  'aws/securityhub': { name: 'Security Hub CSPM', company: 'AWS' },
  'aws/guardduty': { name: 'GuardDuty', company: 'Amazon' },
  'aws/config': { name: 'Config', company: 'AWS' },
  'aws/inspector': { name: 'Inspector', company: 'Amazon' },
};

function productOf(productArn: string): { name: string; company: string; account?: string } | undefined {
  const match = /^arn:aws:securityhub:[a-z0-9-]+:(\d{12})?:product\/(.+)$/.exec(productArn);
  if (!match) return undefined;
  const [, account, product = ''] = match;
  if (AWS_PRODUCTS[product]) return AWS_PRODUCTS[product];
  return product === `${account}/default` ? { name: 'Default', company: 'Personal', account } : undefined;
}

function severityOf(severity: unknown): Record<string, unknown> | undefined {
  const given = (severity ?? {}) as { Label?: unknown; Normalized?: unknown; Product?: unknown; Original?: unknown };
  const label = typeof given.Label === 'string' ? given.Label : undefined;
  const normalized = typeof given.Normalized === 'number' ? given.Normalized : undefined;
  if (label !== undefined && !(label in LABEL_TO_NORMALIZED)) return undefined;
  if (label === undefined && normalized === undefined) return undefined;
  const fromNormalized = (n: number) =>
    n === 0 ? 'INFORMATIONAL' : n < 40 ? 'LOW' : n < 70 ? 'MEDIUM' : n < 90 ? 'HIGH' : 'CRITICAL';
  return {
    ...given,
    Label: label ?? fromNormalized(normalized ?? 0),
    Normalized: normalized ?? LABEL_TO_NORMALIZED[label ?? 'LOW'],
  };
}

/** Why a finding cannot be imported (BatchImportFindings' per-finding errors), or undefined. */
function problemOf(
  finding: Record<string, unknown>,
  callerAccount: string,
  asService: boolean,
): [string, string] | undefined {
  const missing = REQUIRED.filter((name) => finding[name] === undefined || finding[name] === '');
  if (missing.length > 0) return ['InvalidInput', `Finding is missing required fields: ${missing.join(', ')}`];
  if (finding.SchemaVersion !== '2018-10-08') return ['InvalidInput', 'SchemaVersion must be 2018-10-08'];
  if (!severityOf(finding.Severity)) return ['InvalidInput', 'Severity needs a valid Label or Normalized'];
  const resources = finding.Resources;
  if (!Array.isArray(resources) || resources.length === 0 || resources.length > 32)
    return ['InvalidInput', 'Resources must list 1 to 32 resources'];
  if (resources.some((resource: { Type?: unknown; Id?: unknown }) => !resource?.Type || !resource?.Id))
    return ['InvalidInput', 'Every resource needs a Type and an Id'];
  if (Buffer.byteLength(JSON.stringify(finding)) > MAX_FINDING_BYTES)
    return ['InvalidInput', 'The finding is larger than 240 KB'];
  const product = productOf(String(finding.ProductArn));
  if (!product) return ['InvalidInput', `Unknown product ${String(finding.ProductArn)}`];
  if (!asService && (product.account !== callerAccount || finding.AwsAccountId !== callerAccount))
    return [
      'AccessDeniedException',
      'The caller may import findings only for its own account with its default product ARN',
    ];
  return undefined;
}

/**
 * Imports findings into an account and Region (BatchImportFindings' rules; `asService` is how AWS services
 * such as GuardDuty send theirs, which customers cannot). Returns the per-finding failures.
 */
export function importFindings(
  state: SandboxState,
  request: {
    accountId: string;
    region: string;
    now: number;
    findings: Array<Record<string, unknown>>;
    asService?: boolean;
  },
): Array<{ Id: string; ErrorCode: string; ErrorMessage: string }> {
  const failures: Array<{ Id: string; ErrorCode: string; ErrorMessage: string }> = [];
  const store = (securityHubState(state).findings[where(request.accountId, request.region)] ??= {});
  for (const finding of request.findings) {
    const problem = problemOf(finding, request.accountId, request.asService === true);
    if (problem) {
      failures.push({ Id: String(finding.Id ?? ''), ErrorCode: problem[0], ErrorMessage: problem[1] });
      continue;
    }
    const key = createHash('sha256')
      .update(`${String(finding.ProductArn)}\n${String(finding.Id)}`)
      .digest('base64url');
    const previous = store[key];
    const product = productOf(String(finding.ProductArn));
    const customerOwned = Object.fromEntries(
      CUSTOMER_MEMBERS.flatMap((name) => (previous?.[name] ? [[name, previous[name]]] : [])),
    );
    store[key] = {
      ...finding,
      ProductName: product?.name,
      CompanyName: product?.company,
      Region: request.region,
      Severity: severityOf(finding.Severity),
      RecordState: finding.RecordState ?? 'ACTIVE',
      Workflow: finding.Workflow ?? { Status: 'NEW' },
      WorkflowState: 'NEW',
      ...customerOwned,
      ProcessedAt: isoTime(request.now),
    } as unknown as StoredFinding;
  }
  return failures;
}

const batchImportFindings: OperationHandler = (input, ctx) => {
  requireHub(ctx);
  const findings = input.Findings;
  if (!Array.isArray(findings) || findings.length === 0 || findings.length > 100)
    throw securityHubError('InvalidInputException', "Invalid parameter 'Findings': 1 to 100 findings.");
  const failures = importFindings(ctx.state, {
    accountId: ctx.caller.accountId,
    region: ctx.region,
    now: ctx.now(),
    findings: findings as Array<Record<string, unknown>>,
  });
  return { FailedCount: failures.length, SuccessCount: findings.length - failures.length, FailedFindings: failures };
};

/** The accounts whose findings the caller sees from this Region: its own, and its enabled members' as their administrator. */
function visibleAccounts(ctx: HandlerContext): string[] {
  const members = Object.values(membersOf(ctx.state, ctx.caller.accountId, ctx.region));
  return [
    ctx.caller.accountId,
    ...members.filter((member) => member.memberStatus === 'Enabled').map((member) => member.accountId),
  ];
}

function pageToken(offset: number, fingerprint: string): string {
  return Buffer.from(JSON.stringify({ offset, fingerprint })).toString('base64url');
}

function offsetOf(token: unknown, fingerprint: string): number {
  if (token === undefined || token === null || token === '') return 0;
  try {
    const decoded = JSON.parse(Buffer.from(String(token), 'base64url').toString()) as {
      offset?: unknown;
      fingerprint?: unknown;
    };
    if (decoded.fingerprint === fingerprint && typeof decoded.offset === 'number') return decoded.offset;
  } catch {
    // reported below
  }
  throw securityHubError('InvalidInputException', 'The NextToken is not valid for this request.');
}

/**
 * GetFindings: the caller's findings and, as an administrator, its members', from this Region and (in the
 * home Region of a finding aggregator) every linked Region; filtered, sorted, 100 at most per page.
 */
const getFindings: OperationHandler = (input, ctx) => {
  requireHub(ctx);
  if (reconcileOrganization(ctx.state, ctx.now())) ctx.changed();
  const max = maxResultsOf(input.MaxResults, 100, 100);
  let predicate;
  let comparator;
  try {
    predicate = findingPredicate(input.Filters, ctx.now());
    comparator = findingComparator(input.SortCriteria);
  } catch (error) {
    if (error instanceof FilterError) throw securityHubError('InvalidInputException', error.message);
    throw error;
  }
  const stores = securityHubState(ctx.state).findings;
  const regions = regionsSeenFrom(ctx, ctx.caller.accountId, ctx.region);
  const matching = visibleAccounts(ctx)
    .flatMap((account) => regions.flatMap((region) => Object.values(stores[where(account, region)] ?? {})))
    .filter(predicate)
    .sort(comparator);
  const fingerprint = createHash('sha256')
    .update(JSON.stringify([input.Filters ?? null, input.SortCriteria ?? null]))
    .digest('base64url');
  const offset = offsetOf(input.NextToken, fingerprint);
  const page = matching.slice(offset, offset + max);
  return {
    Findings: page,
    NextToken: offset + max < matching.length ? pageToken(offset + max, fingerprint) : undefined,
  };
};

/** Findings: import (providers) and query (GetFindings). */
export const findingOperations: Record<string, OperationHandler> = {
  BatchImportFindings: batchImportFindings,
  GetFindings: getFindings,
};
