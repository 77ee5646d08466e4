import type { SandboxState } from '../../state.js';
import type { HandlerContext, OperationHandler } from '../../types.js';
import { badRequest, detectorOf, guardDutyState, membersOf, ownDetector, type GuardDutyFinding } from './model.js';

/** Finding attributes the sandbox filters and sorts on (the finding's JSON path in FindingCriteria). */
const ATTRIBUTES: Record<string, (finding: GuardDutyFinding) => unknown> = {
  accountId: (finding) => finding.accountId,
  id: (finding) => finding.id,
  region: (finding) => finding.region,
  severity: (finding) => finding.severity,
  type: (finding) => finding.type,
  updatedAt: (finding) => Date.parse(finding.updatedAt),
  createdAt: (finding) => Date.parse(String(finding.createdAt)),
  'service.archived': (finding) => String(finding.service.archived),
  'resource.resourceType': (finding) => (finding.resource as { resourceType?: unknown } | undefined)?.resourceType,
};

function attribute(name: string): (finding: GuardDutyFinding) => unknown {
  const read = ATTRIBUTES[name];
  if (!read)
    throw badRequest(`The request is rejected because the sandbox does not support the finding attribute ${name}.`);
  return read;
}

type Condition = Record<string, unknown>;

/** FindingCriteria.criterion: every attribute's condition must hold (eq/equals any of, neq/notEquals none of, bounds). */
export function criteriaPredicate(criteria: unknown): (finding: GuardDutyFinding) => boolean {
  const criterion = ((criteria ?? {}) as { criterion?: Record<string, Condition> }).criterion ?? {};
  const checks = Object.entries(criterion).map(([name, condition]) => {
    const read = attribute(name);
    const list = (value: unknown) => (Array.isArray(value) ? value.map(String) : undefined);
    const equals = list(condition.eq) ?? list(condition.equals);
    const notEquals = list(condition.neq) ?? list(condition.notEquals);
    const bound = (short: string, long: string) => {
      const value = condition[short] ?? condition[long];
      return value === undefined ? undefined : Number(value);
    };
    const [gt, gte, lt, lte] = [
      bound('gt', 'greaterThan'),
      bound('gte', 'greaterThanOrEqual'),
      bound('lt', 'lessThan'),
      bound('lte', 'lessThanOrEqual'),
    ];
    return (finding: GuardDutyFinding) => {
      const value = read(finding);
      if (equals && !equals.includes(String(value))) return false;
      if (notEquals?.includes(String(value))) return false;
      const number = Number(value);
      if (gt !== undefined && !(number > gt)) return false;
      if (gte !== undefined && !(number >= gte)) return false;
      if (lt !== undefined && !(number < lt)) return false;
      if (lte !== undefined && !(number <= lte)) return false;
      return true;
    };
  });
  return (finding) => checks.every((check) => check(finding));
}

function comparator(sort: unknown): (a: GuardDutyFinding, b: GuardDutyFinding) => number {
  const { attributeName, orderBy } = (sort ?? {}) as { attributeName?: unknown; orderBy?: unknown };
  if (attributeName === undefined) return (a, b) => a.id.localeCompare(b.id);
  const read = attribute(String(attributeName));
  const order = orderBy === 'DESC' ? -1 : 1;
  return (a, b) => {
    const left = read(a) as number | string;
    const right = read(b) as number | string;
    return (left < right ? -order : left > right ? order : 0) || a.id.localeCompare(b.id);
  };
}

/** The findings a detector sees: its own account's and, as an administrator, its enabled members'. */
export function visibleFindings(state: SandboxState, accountId: string, region: string): GuardDutyFinding[] {
  const guardDuty = guardDutyState(state);
  const accounts = [
    accountId,
    ...Object.values(membersOf(state, accountId, region))
      .filter((member) => member.relationshipStatus === 'Enabled')
      .map((member) => member.accountId),
  ];
  return accounts.flatMap((account) => {
    const detector = detectorOf(state, account, region);
    return detector ? Object.values(guardDuty.findings?.[detector.detectorId] ?? {}) : [];
  });
}

/** Adds findings to an account's detector in a Region, as GuardDuty generates them (seeds use it). */
export function recordFindings(
  state: SandboxState,
  accountId: string,
  region: string,
  findings: GuardDutyFinding[],
): void {
  const detector = detectorOf(state, accountId, region);
  if (!detector) return;
  const store = ((guardDutyState(state).findings ??= {})[detector.detectorId] ??= {});
  for (const finding of findings)
    store[finding.id] = { ...finding, service: { ...finding.service, detectorId: detector.detectorId } };
}

function maxResults(value: unknown, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1 || number > max)
    throw badRequest(`The request is rejected because maxResults must be between 1 and ${max}.`);
  return number;
}

function seen(ctx: HandlerContext, input: Record<string, unknown>): GuardDutyFinding[] {
  ownDetector(ctx, input.DetectorId);
  return visibleFindings(ctx.state, ctx.caller.accountId, ctx.region);
}

const listFindings: OperationHandler = (input, ctx) => {
  const max = maxResults(input.maxResults, 50, 50);
  const matching = seen(ctx, input)
    .filter(criteriaPredicate(input.findingCriteria))
    .sort(comparator(input.sortCriteria));
  const start = typeof input.nextToken === 'string' && input.nextToken !== '' ? Number(input.nextToken) : 0;
  if (!Number.isInteger(start) || start < 0)
    throw badRequest('The request is rejected because the nextToken is not valid.');
  return {
    findingIds: matching.slice(start, start + max).map((finding) => finding.id),
    nextToken: start + max < matching.length ? String(start + max) : '',
  };
};

const getFindings: OperationHandler = (input, ctx) => {
  const ids = Array.isArray(input.findingIds) ? input.findingIds.map(String) : [];
  if (ids.length === 0 || ids.length > 50)
    throw badRequest('The request is rejected because findingIds must list 1 to 50 ids.');
  const byId = new Map(seen(ctx, input).map((finding) => [finding.id, finding]));
  const found = ids.flatMap((id) => {
    const finding = byId.get(id);
    return finding ? [finding] : [];
  });
  return { findings: found.sort(comparator(input.sortCriteria)) };
};

/** COUNT_BY_SEVERITY, or one groupBy (ACCOUNT, SEVERITY, FINDING_TYPE), ordered by total, maxResults (default 25). */
const getFindingsStatistics: OperationHandler = (input, ctx) => {
  const types = Array.isArray(input.findingStatisticTypes) ? input.findingStatisticTypes : [];
  const groupBy = input.groupBy;
  if (types.length > 0 === (groupBy !== undefined))
    throw badRequest(
      'The request is rejected because you must provide either findingStatisticTypes or groupBy, and not both.',
    );
  const matching = seen(ctx, input).filter(criteriaPredicate(input.findingCriteria));
  if (types.length > 0) {
    const counts: Record<string, number> = {};
    for (const finding of matching) counts[String(finding.severity)] = (counts[String(finding.severity)] ?? 0) + 1;
    return { findingStatistics: { countBySeverity: counts } };
  }
  const keyOf: Record<string, (finding: GuardDutyFinding) => string> = {
    ACCOUNT: (finding) => finding.accountId,
    SEVERITY: (finding) => String(finding.severity),
    FINDING_TYPE: (finding) => finding.type,
  };
  const key = keyOf[String(groupBy)];
  if (!key)
    throw badRequest(`The request is rejected because the sandbox does not support groupBy ${String(groupBy)}.`);
  const groups = new Map<string, { total: number; last: number }>();
  for (const finding of matching) {
    const group = groups.get(key(finding)) ?? { total: 0, last: 0 };
    groups.set(key(finding), { total: group.total + 1, last: Math.max(group.last, Date.parse(finding.updatedAt)) });
  }
  const order = input.orderBy === 'ASC' ? 1 : -1;
  const sorted = [...groups]
    .sort(([a, x], [b, y]) => order * (x.total - y.total) || a.localeCompare(b))
    .slice(0, maxResults(input.maxResults, 100, 25));
  const rows = sorted.map(([group, { total, last }]) => ({
    group,
    totalFindings: total,
    lastGeneratedAt: new Date(last),
  }));
  if (groupBy === 'ACCOUNT')
    return {
      findingStatistics: {
        groupedByAccount: rows.map((row) => ({
          accountId: row.group,
          lastGeneratedAt: row.lastGeneratedAt,
          totalFindings: row.totalFindings,
        })),
      },
    };
  if (groupBy === 'SEVERITY')
    return {
      findingStatistics: {
        groupedBySeverity: rows.map((row) => ({
          severity: Number(row.group),
          lastGeneratedAt: row.lastGeneratedAt,
          totalFindings: row.totalFindings,
        })),
      },
    };
  return {
    findingStatistics: {
      groupedByFindingType: rows.map((row) => ({
        findingType: row.group,
        lastGeneratedAt: row.lastGeneratedAt,
        totalFindings: row.totalFindings,
      })),
    },
  };
};

/** Findings of a detector (and, for an administrator, of its members). */
export const findingOperations: Record<string, OperationHandler> = {
  ListFindings: listFindings,
  GetFindings: getFindings,
  GetFindingsStatistics: getFindingsStatistics,
};
