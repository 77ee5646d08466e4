import type { App } from 'aws-cdk-lib';
import { OrdersStack } from './infra/orders-stack.js';

/** The stack ids of the orders app, in deployment order. */
export const ORDERS_STACKS = ['Orders'] as const;

/** Adds the orders workload to a CDK app; settings come from the app's context (see workloads-cdk/catalog.ts). */
export function defineOrdersApp(app: App): OrdersStack[] {
  const snapshotEvery = Number(app.node.tryGetContext('snapshotEvery') ?? 20);
  const alarmEmail = app.node.tryGetContext('alarmEmail') as string | undefined;
  return [new OrdersStack(app, 'Orders', { snapshotEvery, alarmEmail })];
}
