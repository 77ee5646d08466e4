import { Duration, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventschemas from 'aws-cdk-lib/aws-eventschemas';
import { Construct } from 'constructs';
import { allEventJsonSchemas } from '../events/json-schemas.js';
import { ARCHIVE_RETENTION_DAYS } from '../runtime/idempotency.js';

/** The custom bus, its 7-year archive, and the schema registry with a JSON Schema per event. */
export class EventBackbone extends Construct {
  readonly bus: events.EventBus;
  readonly archive: events.Archive;
  readonly registry: eventschemas.CfnRegistry;
  readonly schemas: eventschemas.CfnSchema[] = [];

  constructor(scope: Construct, id: string, props: { busName: string }) {
    super(scope, id);
    this.bus = new events.EventBus(this, 'Bus', {
      eventBusName: props.busName,
      description: 'ride-sharing domain events',
    });
    this.archive = this.bus.archive('Archive', {
      archiveName: `${props.busName}-archive`,
      description: 'Every ride-sharing event, kept 7 years for replay',
      eventPattern: { account: [Stack.of(this).account] },
      retention: Duration.days(ARCHIVE_RETENTION_DAYS),
    });
    this.registry = new eventschemas.CfnRegistry(this, 'Registry', {
      registryName: props.busName,
      description: "JSON Schemas of the ride-sharing events (generated from the services' validation schemas)",
    });
    for (const { type, name, schema } of allEventJsonSchemas()) {
      const resource = new eventschemas.CfnSchema(this, `${type}Schema`, {
        registryName: this.registry.attrRegistryName,
        schemaName: name,
        type: 'JSONSchemaDraft4',
        content: JSON.stringify(schema),
        description: `${type} (detail-type ${type})`,
      });
      this.schemas.push(resource);
    }
  }
}
