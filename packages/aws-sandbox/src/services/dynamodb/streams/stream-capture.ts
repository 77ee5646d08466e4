import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { isDeepStrictEqual } from 'node:util';
import type { ServerResource, ServerResources } from '../../../server-resources.js';
import type { ProtocolRequest, ProtocolResponse } from '../../../types.js';
import type { DynamoEngine } from '../engine.js';
import type { TableStream } from '../model.js';
import { streamFile, StreamAppender } from './stream-log.js';
import { imagesFor } from './stream-records.js';

type Item = Record<string, unknown>;

/** Where the writes of one request go: the engine, and the streams of the account's tables in the Region. */
export interface CaptureTarget {
  readonly engine: DynamoEngine;
  readonly stateDir: string;
  readonly generation: string;
  readonly accountId: string;
  readonly region: string;
  /** Tables with a stream, by name. */
  readonly streams: Readonly<Record<string, TableStream>>;
}

const CAPTURE_KEY = 'dynamodb-stream-capture';
const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem']);

/**
 * DynamoDB Streams for the sandbox (dynalite has none): a write to a table with a stream runs under a
 * lock per item key, reads the item before (and, for UpdateItem, after) it, and appends the change to
 * the table's stream file: INSERT, MODIFY or REMOVE with the images the view type asks for, in the order
 * the writes happened (so in order per partition key), and nothing for a write that changed nothing or
 * failed (a condition, a validation). BatchWriteItem is then carried out one item at a time.
 */
export class StreamCapture implements ServerResource {
  private readonly appender = new StreamAppender();
  private readonly appended = new EventEmitter().setMaxListeners(0);
  private readonly locks = new Map<string, Promise<void>>();

  private readonly keySchemas = new Map<string, string[]>();

  static of(resources: ServerResources): StreamCapture {
    return resources.use(CAPTURE_KEY, () => new StreamCapture());
  }

  /** Whether the request writes to a table with a stream (and must come through here). */
  static applies(operation: string, input: Record<string, unknown>, streams: Readonly<Record<string, TableStream>>) {
    if (!WRITES.has(operation)) return false;
    if (operation === 'BatchWriteItem')
      return Object.keys((input.RequestItems ?? {}) as Record<string, unknown>).some((table) => table in streams);
    return String(input.TableName ?? '') in streams;
  }

  async write(
    target: CaptureTarget,
    operation: string,
    input: Record<string, unknown>,
    request: ProtocolRequest,
  ): Promise<ProtocolResponse> {
    if (operation === 'BatchWriteItem') return this.batchWrite(target, input);
    const table = String(input.TableName);
    const key = operation === 'PutItem' ? await this.keyOf(target, table, input.Item as Item) : (input.Key as Item);
    return this.underLock(table, key, async () => {
      const before = await getItem(target.engine, table, key);
      const reply = await target.engine.forward(request);
      if (reply.status !== 200) return reply;
      const after =
        operation === 'PutItem'
          ? (input.Item as Item)
          : operation === 'DeleteItem'
            ? undefined
            : await getItem(target.engine, table, key);
      this.record(target, table, key, before, after);
      return reply;
    });
  }

  /** Tells pollers in this process that a stream file grew (pollers of other processes find out by polling). */
  onAppend(listener: () => void): () => void {
    this.appended.on('append', listener);
    return () => this.appended.off('append', listener);
  }

  async close(): Promise<void> {
    this.appender.close();
    this.appended.removeAllListeners();
  }

  /** Each put or delete of the batch on its own (a batch is not atomic on AWS either); UnprocessedItems stays empty. */
  private async batchWrite(target: CaptureTarget, input: Record<string, unknown>): Promise<ProtocolResponse> {
    const requestItems = (input.RequestItems ?? {}) as Record<
      string,
      Array<Record<string, { Item?: Item; Key?: Item }>>
    >;
    for (const [table, requests] of Object.entries(requestItems)) {
      for (const request of requests) {
        const put = request.PutRequest?.Item;
        const key = put ? await this.keyOf(target, table, put) : (request.DeleteRequest?.Key ?? {});
        const failure = await this.underLock(table, key, async () => {
          const before = await getItem(target.engine, table, key);
          const reply = put
            ? await target.engine.call('PutItem', { TableName: table, Item: put })
            : await target.engine.call('DeleteItem', { TableName: table, Key: key });
          if (reply.status !== 200) return reply;
          this.record(target, table, key, before, put);
          return undefined;
        });
        if (failure) return engineReplyResponse(failure.status, failure.body);
      }
    }
    return engineReplyResponse(200, { UnprocessedItems: {} });
  }

  private record(target: CaptureTarget, table: string, key: Item, before?: Item, after?: Item): void {
    const stream = target.streams[table];
    if (!stream || (before === undefined && after === undefined) || isDeepStrictEqual(before, after)) return;
    const eventName = before === undefined ? 'INSERT' : after === undefined ? 'REMOVE' : 'MODIFY';
    const path = streamFile(target.stateDir, target.generation, target.accountId, target.region, table, stream.label);
    this.appender.append(path, (seq) => ({
      seq,
      eventId: randomBytes(16).toString('hex'),
      eventName,
      at: Date.now(),
      keys: keyAttributes(key),
      ...imagesFor(stream.viewType, before, after),
    }));
    this.appended.emit('append');
  }

  /** Runs work after every earlier write to the same item has finished. */
  private async underLock<T>(table: string, key: Item, work: () => Promise<T>): Promise<T> {
    const lockKey = `${table}\u0000${JSON.stringify(keyAttributes(key))}`;
    const previous = this.locks.get(lockKey) ?? Promise.resolve();
    const run = previous.then(work);
    const done = run.then(
      () => undefined,
      () => undefined,
    );
    this.locks.set(lockKey, done);
    void done.then(() => {
      if (this.locks.get(lockKey) === done) this.locks.delete(lockKey);
    });
    return run;
  }

  /** The key attributes of an item (the table's key schema, read once per table). */
  private async keyOf(target: CaptureTarget, table: string, item: Item): Promise<Item> {
    const cacheKey = `${target.accountId}/${target.region}/${table}`;
    let names = this.keySchemas.get(cacheKey);
    if (!names) {
      const reply = await target.engine.call('DescribeTable', { TableName: table });
      const schema = (reply.body.Table as { KeySchema?: Array<{ AttributeName: string }> } | undefined)?.KeySchema;
      names = (schema ?? []).map((element) => element.AttributeName);
      if (names.length > 0) this.keySchemas.set(cacheKey, names);
    }
    return Object.fromEntries(names.filter((name) => name in (item ?? {})).map((name) => [name, item[name]]));
  }
}

/** Keys in a stable order, so the same key always locks the same entry. */
function keyAttributes(key: Item): Item {
  return Object.fromEntries(Object.entries(key ?? {}).sort(([a], [b]) => a.localeCompare(b)));
}

async function getItem(engine: DynamoEngine, table: string, key: Item): Promise<Item | undefined> {
  const reply = await engine.call('GetItem', { TableName: table, Key: key, ConsistentRead: true });
  return reply.status === 200 ? (reply.body.Item as Item | undefined) : undefined;
}

function engineReplyResponse(status: number, body: Record<string, unknown>): ProtocolResponse {
  const type = typeof body.__type === 'string' ? (body.__type.split('#').at(-1) ?? body.__type) : undefined;
  return {
    status,
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      ...(status >= 400 && type ? { 'x-amzn-errortype': type } : {}),
    },
    body: JSON.stringify(body),
  };
}
