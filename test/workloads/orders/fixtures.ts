import { afterAll, beforeAll } from 'vitest';
import type { CommandEnvelope, OrderCommand } from '../../../workloads-cdk/orders/domain/commands.js';
import {
  handleOrderCommand,
  type CommandOutcome,
  type CommandServiceDeps,
} from '../../../workloads-cdk/orders/application/command-service.js';
import { DynamoEventStore } from '../../../workloads-cdk/orders/event-store/event-store.js';
import { ReadModelStore } from '../../../workloads-cdk/orders/projection/read-model-store.js';
import { ORDERS_TABLE_SCHEMAS } from '../../../workloads-cdk/orders/tables.js';
import { startLocalDynamo, type LocalDynamo } from '../../helpers/dynalite.js';

/** One dynalite server for the file; each orders() call gets its own tables. */
export function useLocalDynamo(): () => LocalDynamo {
  let dynamo: LocalDynamo | undefined;
  beforeAll(async () => {
    dynamo = await startLocalDynamo();
  });
  afterAll(async () => dynamo?.close());
  return () => {
    if (!dynamo) throw new Error('dynalite is not running');
    return dynamo;
  };
}

export interface OrdersFixture {
  readonly store: DynamoEventStore;
  readonly readModels: ReadModelStore;
  readonly deps: CommandServiceDeps;
  run(command: OrderCommand, options?: { commandId?: string; expectedVersion?: number }): Promise<CommandOutcome>;
}

let commandIds = 0;

/** Fresh orders tables on the local server, with a clock that ticks a second per call. */
export async function ordersFixture(dynamo: LocalDynamo, snapshotEvery = 20): Promise<OrdersFixture> {
  const tables = await dynamo.tables(ORDERS_TABLE_SCHEMAS);
  const store = new DynamoEventStore(dynamo.db, { events: tables.events, snapshots: tables.snapshots });
  const readModels = new ReadModelStore(dynamo.db, {
    summaries: tables.summaries,
    customerOrders: tables.customerOrders,
    dailyTotals: tables.dailyTotals,
  });
  let tick = 0;
  const deps: CommandServiceDeps = {
    store,
    snapshotEvery,
    now: () => new Date(Date.UTC(2026, 10, 24, 9, 0, tick++)).toISOString(),
  };
  return {
    store,
    readModels,
    deps,
    run: (command, options = {}) => {
      const envelope: CommandEnvelope = {
        command,
        commandId: options.commandId ?? `cmd-${++commandIds}`,
        expectedVersion: options.expectedVersion,
      };
      return handleOrderCommand(deps, envelope);
    },
  };
}
