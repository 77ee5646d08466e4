import * as z from '../../shared/runtime/zod.js';
import { EVENT_SOURCES, RIDE_EVENTS, RIDE_EVENT_TYPES, type RideEventType } from './catalog.js';

/** The schema registry's name for an event: "<source>@<DetailType>", as EventBridge schema discovery names them. */
export function registrySchemaName(type: RideEventType): string {
  return `${EVENT_SOURCES[type]}@${type}`;
}

/**
 * The JSON Schema (draft-04, what the EventBridge schema registry accepts as JSONSchemaDraft4) of a whole
 * EventBridge event of this type: the envelope with its detail-type and source fixed, and the detail
 * schema generated from the zod schema the services validate with. Consumers must tolerate new detail
 * members, so the detail does not forbid additional properties.
 */
export function eventJsonSchema(type: RideEventType): Record<string, unknown> {
  const { $schema: _ignored, ...detail } = z.toJSONSchema(RIDE_EVENTS[type], {
    target: 'draft-04',
    io: 'input',
  }) as Record<string, unknown>;
  return {
    $schema: 'http://json-schema.org/draft-04/schema#',
    title: type,
    description: `ride-sharing ${type} event, published by ${EVENT_SOURCES[type]}`,
    type: 'object',
    required: ['detail-type', 'source', 'detail'],
    properties: {
      version: { type: 'string' },
      id: { type: 'string' },
      'detail-type': { type: 'string', enum: [type] },
      source: { type: 'string', enum: [EVENT_SOURCES[type]] },
      account: { type: 'string' },
      time: { type: 'string', format: 'date-time' },
      region: { type: 'string' },
      resources: { type: 'array', items: { type: 'string' } },
      detail,
    },
  };
}

/** Every event's registry name and JSON Schema. */
export function allEventJsonSchemas(): Array<{ type: RideEventType; name: string; schema: Record<string, unknown> }> {
  return RIDE_EVENT_TYPES.map((type) => ({ type, name: registrySchemaName(type), schema: eventJsonSchema(type) }));
}
