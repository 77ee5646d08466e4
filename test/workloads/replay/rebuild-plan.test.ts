import { describe, expect, it } from 'vitest';
import { planRebuild, selectProjections } from '../../../src/workloads/replay/orders/rebuild-plan.js';

const OUTPUTS = {
  EventsTableName: 'Orders-Events-1',
  SnapshotsTableName: 'Orders-Snapshots-1',
  SummariesTableName: 'Orders-Summaries-1',
  CustomerOrdersTableName: 'Orders-Customers-1',
  DailyTotalsTableName: 'Orders-Daily-1',
};
const options = { projections: [] as string[], all: false, segments: 4, concurrency: 8 };
const codeOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return 'accepted';
};

describe('rebuild plan', () => {
  it('selects projections by name or all, in a fixed order', () => {
    expect(selectProjections(['daily-totals', 'order-summary'], false)).toEqual(['order-summary', 'daily-totals']);
    expect(selectProjections([], true)).toEqual(['order-summary', 'orders-by-customer', 'daily-totals']);
    expect(codeOf(() => selectProjections([], false))).toBe('projection-missing');
    expect(codeOf(() => selectProjections(['totals'], false))).toBe('unknown-projection');
    expect(codeOf(() => selectProjections(['daily-totals'], true))).toBe('projection-conflict');
  });

  it('rebuilds in place into the live tables, or into new tables named per projection', () => {
    expect(planRebuild({ ...options, all: true }, OUTPUTS)).toMatchObject({
      mode: 'in-place',
      eventsTable: 'Orders-Events-1',
      summariesTable: 'Orders-Summaries-1',
      targets: [{ table: 'Orders-Summaries-1' }, { table: 'Orders-Customers-1' }, { table: 'Orders-Daily-1' }],
    });
    expect(planRebuild({ ...options, all: true, toTable: 'orders-{projection}-v2' }, OUTPUTS).targets).toEqual([
      {
        projection: 'order-summary',
        table: 'orders-order-summary-v2',
        liveTable: 'Orders-Summaries-1',
        parameter: 'ReadModelSummariesTable',
      },
      {
        projection: 'orders-by-customer',
        table: 'orders-orders-by-customer-v2',
        liveTable: 'Orders-Customers-1',
        parameter: 'ReadModelCustomerOrdersTable',
      },
      {
        projection: 'daily-totals',
        table: 'orders-daily-totals-v2',
        liveTable: 'Orders-Daily-1',
        parameter: 'ReadModelDailyTotalsTable',
      },
    ]);
  });

  it.each([
    ['several projections into one table', { all: true, toTable: 'orders-v2' }, 'to-table-shared'],
    [
      'a new table that is the live one',
      { projections: ['daily-totals'], toTable: 'Orders-Daily-1' },
      'to-table-is-live',
    ],
    [
      '--from-version into a new table',
      { projections: ['daily-totals'], toTable: 'daily-v2', fromVersion: 3 },
      'from-version-new-table',
    ],
    ['an invalid table name', { projections: ['daily-totals'], toTable: 'no spaces' }, 'bad-table-name'],
  ])('refuses %s', (_name, extra, code) => {
    expect(codeOf(() => planRebuild({ ...options, ...extra }, OUTPUTS))).toBe(code);
  });

  it('refuses a stack without the outputs it needs', () => {
    expect(codeOf(() => planRebuild({ ...options, all: true }, { EventsTableName: 'x' }))).toBe('workload-outdated');
  });
});
