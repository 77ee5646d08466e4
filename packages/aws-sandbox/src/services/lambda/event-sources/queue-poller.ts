import { cloneState, type StateStore } from '../../../state.js';
import type { ResolvedSandboxOptions } from '../../../types.js';
import {
  DEFAULT_VISIBILITY_TIMEOUT_S,
  deleteReceived,
  queueByArn,
  receiveVisible,
  type SqsMessage,
} from '../../sqs/model.js';
import type { EventSourceMappingRecord, FunctionRecord } from '../model.js';
import type { LambdaRuntime } from '../runtime/lambda-runtime.js';
import { readBatchResponse } from './batch-response.js';
import type { ProgressStore } from './mapping-progress.js';

const POLL_MS = 250;

export interface QueuePollerConfig {
  readonly mapping: EventSourceMappingRecord;
  readonly fn?: FunctionRecord;
  readonly problem?: string;
}

export interface QueuePollerDeps {
  readonly runtime: LambdaRuntime;
  readonly store: StateStore;
  readonly options: ResolvedSandboxOptions;
  readonly progress: ProgressStore;
}

interface Received {
  readonly message: SqsMessage;
  readonly queue: { readonly arn: string; readonly region: string };
}

/**
 * One SQS event source mapping, as Lambda runs it: receives up to BatchSize messages (gathering for up to
 * MaximumBatchingWindowInSeconds), invokes the function with { Records }, and deletes the messages it
 * processed - all of them, or with ReportBatchItemFailures all but the ones it names. The others become
 * visible again after the queue's visibility timeout and are received again, until the queue's
 * RedrivePolicy moves them to its dead-letter queue (SQS does that on receive, see sqs/model.ts).
 */
export class QueuePoller {
  private config: QueuePollerConfig;
  private stopped = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;

  constructor(
    config: QueuePollerConfig,
    private readonly deps: QueuePollerDeps,
  ) {
    this.config = config;
  }

  update(config: QueuePollerConfig): void {
    this.config = config;
  }

  start(): void {
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      let pause = POLL_MS;
      try {
        pause = await this.step();
      } catch (error) {
        await this.result(`PROBLEM: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (pause > 0) await this.sleep(pause);
    }
  }

  private async step(): Promise<number> {
    const { mapping, fn, problem } = this.config;
    if (!mapping.enabled) return POLL_MS;
    if (!fn) {
      await this.result(`PROBLEM: ${problem ?? 'the function does not exist'}`);
      return 1000;
    }
    const batch = await this.gather(mapping);
    if (batch.length === 0) return POLL_MS;
    const records = batch.map(({ message, queue }) => ({
      messageId: message.messageId,
      receiptHandle: message.receiptHandle,
      body: message.body,
      attributes: {
        ApproximateReceiveCount: String(message.receiveCount),
        SentTimestamp: String(message.sentAt),
        SenderId: mapping.accountId,
        ApproximateFirstReceiveTimestamp: String(message.sentAt),
      },
      messageAttributes: Object.fromEntries(
        Object.entries(message.messageAttributes ?? {}).map(([name, attribute]) => [
          name,
          {
            stringValue: attribute.StringValue,
            stringListValues: [],
            binaryListValues: [],
            dataType: attribute.DataType,
          },
        ]),
      ),
      md5OfBody: message.md5OfBody,
      eventSource: 'aws:sqs',
      eventSourceARN: queue.arn,
      awsRegion: queue.region,
    }));
    const outcome = await this.deps.runtime.invoke({ fn, event: { Records: records }, synchronous: false });
    const result = readBatchResponse(
      outcome,
      mapping.functionResponseTypes.includes('ReportBatchItemFailures'),
      batch.map(({ message }) => message.messageId),
    );
    if (result.kind === 'processed' || result.kind === 'partial') {
      const keep = new Set(result.kind === 'partial' ? result.failed : []);
      const done = batch.filter((_entry, index) => !keep.has(index)).map(({ message }) => message.receiptHandle ?? '');
      await this.deps.store.transact(async (tx) => {
        const queue = queueByArn(tx.state, mapping.eventSourceArn);
        if (queue && deleteReceived(queue, done) > 0) await tx.persist();
      });
      await this.result(result.kind === 'processed' ? 'OK' : 'PROBLEM: Function call failed');
      return 0;
    }
    await this.result(
      result.kind === 'throttled' ? 'PROBLEM: Function call throttled' : 'PROBLEM: Function call failed',
    );
    return POLL_MS;
  }

  /** Receives up to BatchSize messages, waiting up to the batching window for more while the batch is short. */
  private async gather(mapping: EventSourceMappingRecord): Promise<Received[]> {
    const batch: Received[] = [];
    const windowEnds = Date.now() + mapping.maximumBatchingWindowSeconds * 1000;
    for (;;) {
      const received = await this.deps.store.transact(async (tx) => {
        const queue = queueByArn(tx.state, mapping.eventSourceArn);
        if (!queue) return undefined;
        const visibility = Number(queue.attributes.VisibilityTimeout ?? DEFAULT_VISIBILITY_TIMEOUT_S);
        const outcome = receiveVisible(
          tx.state,
          queue,
          mapping.batchSize - batch.length,
          visibility,
          this.deps.options.now(),
        );
        if (outcome.changed) await tx.persist();
        const region = queue.arn.split(':')[3] ?? mapping.region;
        return outcome.received.map((message) => ({
          message: cloneState(message),
          queue: { arn: queue.arn, region },
        }));
      });
      if (received === undefined) {
        await this.result(`PROBLEM: the queue ${mapping.eventSourceArn} does not exist`);
        return batch;
      }
      batch.push(...received);
      if (batch.length >= mapping.batchSize || Date.now() >= windowEnds || this.stopped) return batch;
      if (batch.length === 0 && received.length === 0) return batch;
      await this.sleep(Math.min(POLL_MS, windowEnds - Date.now()));
    }
  }

  private async result(lastProcessingResult: string): Promise<void> {
    const { uuid, eventSourceArn } = this.config.mapping;
    const saved = await this.deps.progress.read(uuid);
    if (saved?.lastProcessingResult === lastProcessingResult) return;
    await this.deps.progress.write(uuid, {
      sourceArn: eventSourceArn,
      offset: 0,
      lastProcessingResult,
      updatedAt: Date.now(),
    });
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
