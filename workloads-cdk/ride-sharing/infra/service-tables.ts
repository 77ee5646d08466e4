import { RemovalPolicy } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { tableFromSchema } from '../../shared/infra/schema-table.js';
import { TABLE_SCHEMAS, type RideSharingTables } from '../services/stores.js';

const NAMES: Readonly<Record<keyof RideSharingTables, string>> = {
  idempotency: 'Idempotency',
  rides: 'Rides',
  drivers: 'Drivers',
  assignments: 'Assignments',
  payments: 'Payments',
  notifications: 'Notifications',
  analytics: 'Analytics',
  fraudActivity: 'FraudActivity',
  fraudFlags: 'FraudFlags',
};

/** The services' state: one table per concern (idempotency records expire with TTL after the archive's 7 years). */
export class ServiceTables extends Construct {
  readonly tables: Record<keyof RideSharingTables, dynamodb.Table>;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const entries = (Object.keys(NAMES) as Array<keyof RideSharingTables>).map(
      (role) =>
        [
          role,
          tableFromSchema(this, NAMES[role], TABLE_SCHEMAS[role], { removalPolicy: RemovalPolicy.RETAIN }),
        ] as const,
    );
    this.tables = Object.fromEntries(entries) as Record<keyof RideSharingTables, dynamodb.Table>;
  }
}
