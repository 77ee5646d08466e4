import { documentClient } from '../../shared/runtime/dynamo.js';
import { numberEnv, requiredEnv } from '../../shared/runtime/environment.js';
import { handleOrderCommand, type CommandServiceDeps } from '../application/command-service.js';
import { commandFromRequest, isHttpResponse, responseFor } from '../application/http-api.js';
import { json, type HttpRequest, type HttpResponse } from '../application/http.js';
import { DynamoEventStore } from '../event-store/event-store.js';

/** The HTTP command side: request -> command -> decide -> append; conflicts are answered, never retried here. */
export function createCommandHandler(
  deps: CommandServiceDeps,
  log: (line: string) => void = console.error,
): (request: HttpRequest) => Promise<HttpResponse> {
  return async (request) => {
    const envelope = commandFromRequest(request);
    if (isHttpResponse(envelope)) return envelope;
    try {
      return responseFor(await handleOrderCommand(deps, envelope), envelope.command.type === 'CreateOrder');
    } catch (error) {
      log(JSON.stringify({ message: 'command failed', commandId: envelope.commandId, error: String(error) }));
      return json(500, {
        error: 'internal',
        message: 'the command could not be processed; retry with the same Idempotency-Key',
      });
    }
  };
}

let configured: ((request: HttpRequest) => Promise<HttpResponse>) | undefined;

/** Lambda entry point (API Gateway HTTP API, payload format 2.0). */
export async function handler(request: HttpRequest): Promise<HttpResponse> {
  configured ??= createCommandHandler({
    store: new DynamoEventStore(documentClient(), {
      events: requiredEnv('EVENTS_TABLE'),
      snapshots: requiredEnv('SNAPSHOTS_TABLE'),
    }),
    now: () => new Date().toISOString(),
    snapshotEvery: numberEnv('SNAPSHOT_EVERY', 20),
  });
  return configured(request);
}
