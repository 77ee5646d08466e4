import { usageError } from '../../../core/errors.js';
import { PROJECTIONS, READ_MODELS, type ReadModelName } from './projections.js';
import { ERR } from '../../../core/error-codes.js';

export interface RebuildRequestOptions {
  /** --projection (repeatable); empty with all = true. */
  readonly projections: readonly string[];
  readonly all: boolean;
  readonly fromVersion?: number;
  /** --to-table NAME: a new table (with several projections, a name with {projection} in it). */
  readonly toTable?: string;
  readonly segments: number;
  readonly concurrency: number;
}

export interface RebuildTarget {
  readonly projection: ReadModelName;
  /** Where the rows are written. */
  readonly table: string;
  /** The table serving the projection now (the stack's output). */
  readonly liveTable: string;
  readonly parameter: string;
}

export interface RebuildPlan {
  /** new-table: into new tables, switched to when complete; in-place: into the live tables, idempotent by version. */
  readonly mode: 'new-table' | 'in-place';
  readonly eventsTable: string;
  readonly snapshotsTable: string;
  /** The live order summaries: where a --from-version rebuild starts each order from. */
  readonly summariesTable: string;
  readonly targets: readonly RebuildTarget[];
  readonly fromVersion?: number;
  readonly segments: number;
  readonly concurrency: number;
}

const TABLE_NAME = /^[a-zA-Z0-9_.-]{3,255}$/;

/** The projections --projection / --all select, in READ_MODELS order. Pure. */
export function selectProjections(names: readonly string[], all: boolean): ReadModelName[] {
  if (all && names.length > 0) throw usageError(ERR.PROJECTION_CONFLICT, 'give --projection or --all, not both');
  if (all) return [...READ_MODELS];
  if (names.length === 0)
    throw usageError(
      ERR.PROJECTION_MISSING,
      'say which read model to rebuild: --projection NAME or --all',
      `projections: ${READ_MODELS.join(', ')}`,
    );
  for (const name of names) {
    if (!(READ_MODELS as readonly string[]).includes(name))
      throw usageError(
        ERR.UNKNOWN_PROJECTION,
        `there is no projection "${name}"`,
        `projections: ${READ_MODELS.join(', ')}`,
      );
  }
  return READ_MODELS.filter((name) => names.includes(name));
}

/**
 * What a rebuild will do (pure), from the options and the stack's outputs. Refuses (exit 2): a new table
 * that is the live one, several projections into one table, a --from-version rebuild into a new table
 * (it would lack the earlier history).
 */
export function planRebuild(options: RebuildRequestOptions, outputs: Readonly<Record<string, string>>): RebuildPlan {
  const projections = selectProjections(options.projections, options.all);
  const output = (key: string) => {
    const value = outputs[key];
    if (!value)
      throw usageError(
        ERR.WORKLOAD_OUTDATED,
        `the Orders stack has no output ${key}`,
        'deploy the current version: awsarch deploy orders',
      );
    return value;
  };
  const toTable = options.toTable;
  if (toTable !== undefined) {
    if (options.fromVersion !== undefined)
      throw usageError(
        ERR.FROM_VERSION_NEW_TABLE,
        '--from-version cannot be combined with --to-table: a new table needs every event',
        'rebuild the whole history into the new table, or use --from-version in place',
      );
    if (projections.length > 1 && !toTable.includes('{projection}')) {
      throw usageError(
        ERR.TO_TABLE_SHARED,
        `--to-table ${toTable} would hold ${projections.length} read models`,
        'put {projection} in the name, e.g. --to-table orders-{projection}-v2, or rebuild one --projection',
      );
    }
  }
  const targets = projections.map((projection) => {
    const info = PROJECTIONS[projection];
    const liveTable = output(info.output);
    const table = toTable === undefined ? liveTable : toTable.replaceAll('{projection}', projection);
    if (!TABLE_NAME.test(table))
      throw usageError(
        ERR.BAD_TABLE_NAME,
        `"${table}" is not a valid DynamoDB table name`,
        '3-255 letters, digits, _ . -',
      );
    if (toTable !== undefined && table === liveTable)
      throw usageError(
        ERR.TO_TABLE_IS_LIVE,
        `${table} already serves ${projection}`,
        'omit --to-table to rebuild in place, or name a new table',
      );
    return { projection, table, liveTable, parameter: info.parameter };
  });
  return {
    mode: toTable === undefined ? 'in-place' : 'new-table',
    eventsTable: output('EventsTableName'),
    snapshotsTable: output('SnapshotsTableName'),
    summariesTable: output('SummariesTableName'),
    targets,
    ...(options.fromVersion !== undefined ? { fromVersion: options.fromVersion } : {}),
    segments: options.segments,
    concurrency: options.concurrency,
  };
}
