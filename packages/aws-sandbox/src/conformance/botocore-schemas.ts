/**
 * Turns a botocore service model (service-2.json) into the schema tuples the v3 SDK clients ship, so the
 * conformance check reads both the same way. Used only for services whose npm client predates shipped schemas.
 */
export interface BotocoreModel {
  metadata: { apiVersion: string; protocol: string; targetPrefix?: string };
  operations: Record<
    string,
    { name: string; http?: { method: string; requestUri: string }; output?: { shape: string } }
  >;
  shapes: Record<string, BotocoreShape>;
}

interface BotocoreShape {
  type: string;
  members?: Record<string, { shape: string; locationName?: string }>;
  member?: { shape: string };
  key?: { shape: string };
  value?: { shape: string };
  exception?: boolean;
  error?: { httpStatusCode?: number; senderFault?: boolean; code?: string };
}

const SIMPLE: Record<string, number> = {
  string: 0,
  boolean: 2,
  integer: 1,
  long: 1,
  float: 1,
  double: 1,
  timestamp: 4,
  blob: 21,
};

/** The model's operations and shapes as `Name$` tuples, like an SDK client's exports. */
export function schemasFromBotocore(model: BotocoreModel): Record<string, unknown[]> {
  const namespace = `botocore.${model.metadata.targetPrefix ?? 'service'}`;
  const tuples = new Map<string, unknown>();
  const ref = (shapeName: string): unknown => {
    const shape = model.shapes[shapeName];
    if (!shape) throw new Error(`botocore model: unknown shape ${shapeName}`);
    const simple = SIMPLE[shape.type];
    return simple ?? (() => tupleFor(shapeName));
  };
  const tupleFor = (shapeName: string): unknown => {
    const existing = tuples.get(shapeName);
    if (existing) return existing;
    const shape = model.shapes[shapeName] as BotocoreShape;
    let tuple: unknown[];
    if (shape.type === 'structure') {
      const members = Object.entries(shape.members ?? {});
      const traits = shape.exception
        ? {
            error: shape.error?.senderFault === false ? 'server' : 'client',
            ...(shape.error?.httpStatusCode ? { httpError: shape.error.httpStatusCode } : {}),
          }
        : 0;
      tuple = [
        shape.exception ? -3 : 3,
        namespace,
        shapeName,
        traits,
        members.map(([name]) => name),
        members.map(([, member]) => ref(member.shape)),
      ];
    } else if (shape.type === 'list') {
      tuple = [1, namespace, shapeName, 0, ref(shape.member?.shape ?? '')];
    } else if (shape.type === 'map') {
      tuple = [2, namespace, shapeName, 0, ref(shape.key?.shape ?? ''), ref(shape.value?.shape ?? '')];
    } else {
      tuple = [0, namespace, shapeName, 0, SIMPLE[shape.type] ?? 0];
    }
    tuples.set(shapeName, tuple);
    return tuple;
  };
  const result: Record<string, unknown[]> = {};
  for (const [name, shape] of Object.entries(model.shapes)) {
    if (shape.exception) result[`${name}$`] = tupleFor(name) as unknown[];
  }
  for (const [name, operation] of Object.entries(model.operations)) {
    const http = operation.http ? { http: [operation.http.method, operation.http.requestUri, 200] } : 0;
    result[`${name}$`] = [9, namespace, name, http, 'unit', operation.output ? ref(operation.output.shape) : 'unit'];
  }
  return result;
}
