import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type { Construct } from 'constructs';
import { WorkloadMonitoring } from '../../shared/infra/monitoring.js';
import { RIDE_SHARING_SERVICES } from '../consumers.js';
import type { RideEventType } from '../events/catalog.js';
import { EventBackbone } from './event-backbone.js';
import { PartnerRouting } from './partner-routing.js';
import { monitorRideSharing } from './ride-sharing-monitoring.js';
import { deadLetterQueue, ServiceFunction, TARGET_RETRY } from './service-functions.js';
import { ServiceTables } from './service-tables.js';

export interface RideSharingStackProps extends StackProps {
  readonly busName: string;
  readonly partnerAccountId: string;
  readonly partnerBusArn: string;
  readonly forwardedEvents: readonly RideEventType[];
  readonly offerTimeoutSeconds: number;
  readonly alarmEmail?: string;
}

/** Ride-sharing, event-driven on EventBridge: six services around one bus, with archive, registry, DLQs, alarms. */
export class RideSharingStack extends Stack {
  readonly backbone: EventBackbone;
  readonly services: ServiceFunction[];
  readonly partner: PartnerRouting;
  readonly sweepRule: events.Rule;
  readonly tables: ServiceTables['tables'];

  constructor(scope: Construct, id: string, props: RideSharingStackProps) {
    super(scope, id, { description: 'awsarch bundled workload: ride-sharing (event-driven on EventBridge)', ...props });
    this.backbone = new EventBackbone(this, 'Events', { busName: props.busName });
    const { tables } = new ServiceTables(this, 'Tables');
    this.tables = tables;
    this.services = RIDE_SHARING_SERVICES.map(
      (service) =>
        new ServiceFunction(this, service.name, {
          service,
          bus: this.backbone.bus,
          tables,
          environment:
            service.name === 'Driver' ? { OFFER_TIMEOUT_SECONDS: String(props.offerTimeoutSeconds) } : undefined,
        }),
    );

    // Offer timeouts: the Driver service sweeps lapsed offers every minute (schedules live on the default bus).
    const driver = this.services.find((service) => service.node.id === 'Driver') as ServiceFunction;
    const sweepDlq = deadLetterQueue(this, 'OfferSweepDlq');
    this.sweepRule = new events.Rule(this, 'OfferSweep', {
      schedule: events.Schedule.rate(Duration.minutes(1)),
      description: 'Driver service: expire lapsed ride offers and offer the next driver',
    });
    this.sweepRule.addTarget(
      new targets.LambdaFunction(driver.function, { deadLetterQueue: sweepDlq, ...TARGET_RETRY }),
    );

    this.partner = new PartnerRouting(this, 'Partner', {
      bus: this.backbone.bus,
      partnerAccountId: props.partnerAccountId,
      partnerBusArn: props.partnerBusArn,
      forwardedEvents: props.forwardedEvents,
    });

    const monitoring = new WorkloadMonitoring(this, 'Monitoring', {
      dashboardName: `${this.stackName}-ride-sharing`,
      alarmEmail: props.alarmEmail,
    });
    monitoring.dlqDepthAlarm('OfferSweep', sweepDlq);
    monitorRideSharing(monitoring, this.backbone.bus, this.services, {
      rule: this.partner.rule,
      dlq: this.partner.dlq,
      condition: this.partner.condition,
    });

    new CfnOutput(this, 'EventBusName', { value: this.backbone.bus.eventBusName });
    new CfnOutput(this, 'EventBusArn', { value: this.backbone.bus.eventBusArn });
    new CfnOutput(this, 'ArchiveName', {
      value: this.backbone.archive.archiveName,
      description: 'Archive of every event (7 years), for replay',
    });
    new CfnOutput(this, 'SchemaRegistryName', { value: this.backbone.registry.attrRegistryName });
    for (const service of this.services)
      new CfnOutput(this, `${service.node.id}FunctionName`, { value: service.function.functionName });
    // The services' tables, for awsarch load (effects measured in the idempotency table) and seeds.
    for (const [role, table] of Object.entries(tables))
      new CfnOutput(this, `${role[0]?.toUpperCase()}${role.slice(1)}TableName`, { value: table.tableName });
  }
}
