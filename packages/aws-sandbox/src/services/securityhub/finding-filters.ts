import type { StoredFinding } from './model.js';

/**
 * GetFindings filters (AwsSecurityFindingFilters) over stored findings, as the API reference describes them:
 * up to 10 attributes and 20 values each; EQUALS, PREFIX and CONTAINS on one attribute are joined by OR,
 * NOT_EQUALS, PREFIX_NOT_EQUALS and NOT_CONTAINS by AND; EQUALS cannot be combined with NOT_EQUALS or
 * PREFIX_NOT_EQUALS, CONTAINS only with CONTAINS, NOT_CONTAINS only with NOT_CONTAINS. Attributes the
 * sandbox does not implement are refused rather than ignored (ignoring one would match too much).
 */
export class FilterError extends Error {}

type Finding = StoredFinding;
const resources = (f: Finding) => (f.Resources as Array<Record<string, unknown>> | undefined) ?? [];
const member = (f: Finding, name: string, key: string): unknown =>
  (f[name] as Record<string, unknown> | undefined)?.[key];

const STRING_FIELDS: Record<string, (f: Finding) => unknown[]> = {
  Id: (f) => [f.Id],
  ProductArn: (f) => [f.ProductArn],
  ProductName: (f) => [f.ProductName],
  CompanyName: (f) => [f.CompanyName],
  AwsAccountId: (f) => [f.AwsAccountId],
  AwsAccountName: (f) => [f.AwsAccountName],
  GeneratorId: (f) => [f.GeneratorId],
  Region: (f) => [f.Region],
  Type: (f) => (f.Types as unknown[] | undefined) ?? [],
  Title: (f) => [f.Title],
  Description: (f) => [f.Description],
  SourceUrl: (f) => [f.SourceUrl],
  SeverityLabel: (f) => [member(f, 'Severity', 'Label')],
  RecordState: (f) => [f.RecordState],
  WorkflowStatus: (f) => [member(f, 'Workflow', 'Status')],
  ComplianceStatus: (f) => [member(f, 'Compliance', 'Status')],
  ComplianceSecurityControlId: (f) => [member(f, 'Compliance', 'SecurityControlId')],
  ResourceType: (f) => resources(f).map((resource) => resource.Type),
  ResourceId: (f) => resources(f).map((resource) => resource.Id),
  ResourceRegion: (f) => resources(f).map((resource) => resource.Region),
};

const NUMBER_FIELDS: Record<string, (f: Finding) => unknown> = {
  SeverityNormalized: (f) => member(f, 'Severity', 'Normalized'),
  SeverityProduct: (f) => member(f, 'Severity', 'Product'),
  Confidence: (f) => f.Confidence,
  Criticality: (f) => f.Criticality,
};

const DATE_FIELDS: Record<string, (f: Finding) => unknown> = {
  CreatedAt: (f) => f.CreatedAt,
  UpdatedAt: (f) => f.UpdatedAt,
  FirstObservedAt: (f) => f.FirstObservedAt,
  LastObservedAt: (f) => f.LastObservedAt,
  ProcessedAt: (f) => f.ProcessedAt,
};

const POSITIVE = ['EQUALS', 'PREFIX', 'CONTAINS'];
const NEGATIVE = ['NOT_EQUALS', 'PREFIX_NOT_EQUALS', 'NOT_CONTAINS'];

interface StringFilter {
  Value?: unknown;
  Comparison?: unknown;
}

function checkCombination(attribute: string, comparisons: Set<string>): void {
  const has = (comparison: string) => comparisons.has(comparison);
  const conflict =
    (has('EQUALS') && (has('NOT_EQUALS') || has('PREFIX_NOT_EQUALS'))) ||
    (has('CONTAINS') && comparisons.size > 1) ||
    (has('NOT_CONTAINS') && comparisons.size > 1);
  if (conflict) throw new FilterError(`Invalid combination of comparisons for filter ${attribute}.`);
}

function compare(comparison: string, candidate: string, value: string): boolean {
  switch (comparison) {
    case 'EQUALS':
    case 'NOT_EQUALS':
      return candidate === value;
    case 'PREFIX':
    case 'PREFIX_NOT_EQUALS':
      return candidate.startsWith(value);
    default:
      return candidate.includes(value);
  }
}

function stringPredicate(attribute: string, filters: StringFilter[]): (f: Finding) => boolean {
  const read = STRING_FIELDS[attribute] as (f: Finding) => unknown[];
  const parsed = filters.map((filter) => {
    const comparison = String(filter.Comparison ?? '');
    if (![...POSITIVE, ...NEGATIVE].includes(comparison) || typeof filter.Value !== 'string' || filter.Value === '')
      throw new FilterError(`Invalid string filter for ${attribute}: a Value and a Comparison are required.`);
    return { comparison, value: filter.Value };
  });
  checkCombination(attribute, new Set(parsed.map((filter) => filter.comparison)));
  const positive = parsed.filter((filter) => POSITIVE.includes(filter.comparison));
  const negative = parsed.filter((filter) => NEGATIVE.includes(filter.comparison));
  return (finding) => {
    const values = read(finding).filter((value): value is string => typeof value === 'string');
    const matchesPositive =
      positive.length === 0 ||
      positive.some((filter) => values.some((value) => compare(filter.comparison, value, filter.value)));
    return (
      matchesPositive &&
      negative.every((filter) => !values.some((value) => compare(filter.comparison, value, filter.value)))
    );
  };
}

function numberPredicate(attribute: string, filters: Array<Record<string, unknown>>): (f: Finding) => boolean {
  const read = NUMBER_FIELDS[attribute] as (f: Finding) => unknown;
  return (finding) => {
    const value = read(finding);
    if (typeof value !== 'number') return false;
    return filters.some(
      (filter) =>
        (filter.Gte === undefined || value >= Number(filter.Gte)) &&
        (filter.Lte === undefined || value <= Number(filter.Lte)) &&
        (filter.Gt === undefined || value > Number(filter.Gt)) &&
        (filter.Lt === undefined || value < Number(filter.Lt)) &&
        (filter.Eq === undefined || value === Number(filter.Eq)),
    );
  };
}

function datePredicate(
  attribute: string,
  filters: Array<Record<string, unknown>>,
  now: number,
): (f: Finding) => boolean {
  const read = DATE_FIELDS[attribute] as (f: Finding) => unknown;
  const bounds = filters.map((filter) => {
    const range = filter.DateRange as { Value?: unknown; Unit?: unknown; Comparison?: unknown } | undefined;
    if (range) {
      const edge = now - Number(range.Value) * 86_400_000;
      return range.Comparison === 'OLDER_THAN' ? { end: edge } : { start: edge };
    }
    const start = typeof filter.Start === 'string' ? Date.parse(filter.Start) : undefined;
    const end = typeof filter.End === 'string' ? Date.parse(filter.End) : undefined;
    if (Number.isNaN(start) || Number.isNaN(end)) throw new FilterError(`Invalid date filter for ${attribute}.`);
    return { start, end };
  });
  return (finding) => {
    const value = Date.parse(String(read(finding) ?? ''));
    if (Number.isNaN(value)) return false;
    return bounds.some(
      (bound) => (bound.start === undefined || value >= bound.start) && (bound.end === undefined || value <= bound.end),
    );
  };
}

/** A predicate for the Filters member of GetFindings, or FilterError for what AWS would refuse. */
export function findingPredicate(filters: unknown, now: number): (finding: Finding) => boolean {
  if (filters === undefined || filters === null) return () => true;
  if (typeof filters !== 'object') throw new FilterError('Filters must be an object.');
  const entries = Object.entries(filters as Record<string, unknown>).filter(
    ([, list]) => Array.isArray(list) && list.length > 0,
  ) as Array<[string, Array<Record<string, unknown>>]>;
  if (entries.length > 10) throw new FilterError('You can filter by up to 10 finding attributes.');
  const predicates = entries.map(([attribute, list]) => {
    if (list.length > 20) throw new FilterError(`Filter ${attribute} has more than 20 values.`);
    if (attribute in STRING_FIELDS) return stringPredicate(attribute, list);
    if (attribute in NUMBER_FIELDS) return numberPredicate(attribute, list);
    if (attribute in DATE_FIELDS) return datePredicate(attribute, list, now);
    throw new FilterError(`Filter ${attribute} is not supported by the sandbox.`);
  });
  return (finding) => predicates.every((predicate) => predicate(finding));
}

const SORT_FIELDS: Record<string, (f: Finding) => string | number> = {
  ...Object.fromEntries(
    Object.entries(NUMBER_FIELDS).map(([name, read]) => [name, (f: Finding) => Number(read(f) ?? 0)]),
  ),
  ...Object.fromEntries(
    Object.entries(DATE_FIELDS).map(([name, read]) => [name, (f: Finding) => String(read(f) ?? '')]),
  ),
  ...Object.fromEntries(
    Object.entries(STRING_FIELDS).map(([name, read]) => [name, (f: Finding) => String(read(f)[0] ?? '')]),
  ),
};

/** A comparator for SortCriteria (default: most recently updated first), ties broken by Id for stable pages. */
export function findingComparator(criteria: unknown): (a: Finding, b: Finding) => number {
  const list =
    Array.isArray(criteria) && criteria.length > 0
      ? (criteria as Array<Record<string, unknown>>)
      : [{ Field: 'UpdatedAt', SortOrder: 'desc' }];
  const keys = list.map((criterion) => {
    const field = String(criterion.Field ?? '');
    const read = SORT_FIELDS[field];
    if (!read) throw new FilterError(`Sorting by ${field} is not supported by the sandbox.`);
    const order = String(criterion.SortOrder ?? 'asc').toLowerCase() === 'desc' ? -1 : 1;
    return { read, order };
  });
  return (a, b) => {
    for (const { read, order } of keys) {
      const left = read(a);
      const right = read(b);
      if (left < right) return -order;
      if (left > right) return order;
    }
    return a.Id < b.Id ? -1 : a.Id > b.Id ? 1 : 0;
  };
}
