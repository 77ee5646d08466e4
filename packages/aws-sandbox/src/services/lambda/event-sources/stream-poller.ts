import { randomUUID } from 'node:crypto';
import type { StateStore } from '../../../state.js';
import type { ResolvedSandboxOptions } from '../../../types.js';
import type { StreamViewType } from '../../dynamodb/model.js';
import { readStreamRecords, streamFileSize, type StreamEntry } from '../../dynamodb/streams/stream-log.js';
import { lambdaStreamRecord, sequenceNumberOf } from '../../dynamodb/streams/stream-records.js';
import { matchesPattern, parseEventPattern, type EventPattern } from '../../eventbridge/pattern.js';
import { sendAsFunction } from '../destinations.js';
import type { EventSourceMappingRecord, FunctionRecord } from '../model.js';
import type { LambdaRuntime } from '../runtime/lambda-runtime.js';
import { readBatchResponse } from './batch-response.js';
import type { MappingProgress, ProgressStore } from './mapping-progress.js';

/** Lambda polls a stream shard four times a second. */
const POLL_MS = 250;
/** A stream's records are kept 24 hours: with no retry limit, Lambda retries until the record expires. */
const STREAM_RETENTION_MS = 24 * 3_600_000;

/** The stream a mapping reads: its file, ARN, Region and view type. */
export interface StreamSource {
  readonly path: string;
  readonly arn: string;
  readonly region: string;
  readonly viewType: StreamViewType;
}

/** What a poller needs to know now; the runner refreshes it from the state. */
export interface StreamPollerConfig {
  readonly mapping: EventSourceMappingRecord;
  readonly fn?: FunctionRecord;
  readonly source?: StreamSource;
  /** Why the mapping cannot poll (the function or the stream is gone). */
  readonly problem?: string;
}

export interface StreamPollerDeps {
  readonly runtime: LambdaRuntime;
  readonly store: StateStore;
  readonly options: ResolvedSandboxOptions;
  readonly progress: ProgressStore;
  /** Subscribes to "a stream file grew in this process". */
  readonly onAppend: (listener: () => void) => () => void;
}

/**
 * One DynamoDB stream event source mapping, as Lambda runs it: one batch at a time (one shard, so records
 * arrive in order), up to BatchSize records gathered for at most MaximumBatchingWindowInSeconds, filtered
 * by FilterCriteria (records that match no filter are dropped), the function invoked synchronously with
 * { Records }. A failed batch is retried (split in two first with BisectBatchOnFunctionError; with
 * ReportBatchItemFailures from the first failed record) until MaximumRetryAttempts or
 * MaximumRecordAgeInSeconds, then its description goes to the on-failure destination and the mapping moves
 * on. The position is kept in stateDir/lambda/event-source-mappings/UUID.json after every batch.
 */
export class StreamPoller {
  private config: StreamPollerConfig;
  private stopped = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private attempts = 0;
  private bisectLimit: number | undefined;
  private firstSeenAt: number | undefined;
  /** Whether attempts and bisectLimit were taken over from the saved progress (once per poller). */
  private resumed = false;
  private filters: { text: string[]; patterns: EventPattern[] } = { text: [], patterns: [] };

  constructor(
    config: StreamPollerConfig,
    private readonly deps: StreamPollerDeps,
  ) {
    this.config = config;
  }

  update(config: StreamPollerConfig): void {
    this.config = config;
  }

  start(): void {
    const unsubscribe = this.deps.onAppend(() => this.wake?.());
    this.loop = this.run().finally(unsubscribe);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        const pause = await this.step();
        if (pause > 0) await this.sleep(pause);
      } catch (error) {
        await this.saveResult(`PROBLEM: ${error instanceof Error ? error.message : String(error)}`);
        await this.sleep(1000);
      }
    }
  }

  /** One turn of the loop; returns how long to wait before the next. */
  private async step(): Promise<number> {
    const { mapping, fn, source, problem } = this.config;
    if (!mapping.enabled) return POLL_MS;
    if (!fn || !source) {
      await this.saveResult(`PROBLEM: ${problem ?? 'the function or the stream does not exist'}`);
      return 1000;
    }
    const progress = await this.position(source);
    if (!this.resumed) {
      this.resumed = true;
      this.attempts = progress.attempts ?? 0;
      this.bisectLimit = progress.bisectLimit;
    }
    const limit = this.bisectLimit ?? mapping.batchSize;
    const entries = await readStreamRecords(source.path, progress.offset, limit);
    if (entries.length === 0) return POLL_MS;
    const windowMs = mapping.maximumBatchingWindowSeconds * 1000;
    if (entries.length < limit && windowMs > 0 && this.bisectLimit === undefined) {
      // The window runs from the first record's arrival (or from when this poller saw it, if later), not from
      // whenever a process started polling: records that waited longer than the window are due at once.
      this.firstSeenAt ??= Date.now();
      const gatheringSince = Math.min(this.firstSeenAt, (entries[0] as StreamEntry).record.at);
      const waitMs = gatheringSince + windowMs - Date.now();
      if (waitMs > 0) return Math.min(waitMs, POLL_MS);
    }
    this.firstSeenAt = undefined;
    const tooOld = this.tooOld(mapping, entries);
    if (tooOld) return this.discard(progress, source, entries, 'RecordAgeExceeded', fn);
    const records = entries.map((entry) => ({ entry, record: lambdaStreamRecord(entry.record, source) }));
    const matching = records.filter(({ record }) => this.matches(mapping, record));
    if (matching.length === 0) {
      await this.advance(progress, (entries.at(-1) as StreamEntry).nextOffset, 'No records processed');
      return 0;
    }
    const outcome = await this.deps.runtime.invoke({
      fn,
      event: { Records: matching.map(({ record }) => record) },
      synchronous: false,
    });
    const sequences = matching.map(({ entry }) => sequenceNumberOf(entry.record.seq));
    const result = readBatchResponse(
      outcome,
      mapping.functionResponseTypes.includes('ReportBatchItemFailures'),
      sequences,
    );
    if (result.kind === 'processed') {
      this.attempts = 0;
      this.bisectLimit = undefined;
      await this.advance(progress, (entries.at(-1) as StreamEntry).nextOffset, 'OK');
      return 0;
    }
    if (result.kind === 'throttled') return this.backoff();
    if (result.kind === 'partial') {
      // The records before the first failure are done; the rest of the batch is retried from it.
      const failedEntry = (matching[result.firstFailed] as { entry: StreamEntry }).entry;
      const index = entries.indexOf(failedEntry);
      if (index > 0)
        await this.advance(progress, (entries[index - 1] as StreamEntry).nextOffset, 'PROBLEM: Function call failed');
      return this.retryOrDiscard(mapping, fn, source, entries.slice(index));
    }
    if (mapping.bisectBatchOnFunctionError && entries.length > 1) {
      this.bisectLimit = Math.ceil(entries.length / 2);
      await this.saveResult('PROBLEM: Function call failed');
      return 0;
    }
    return this.retryOrDiscard(mapping, fn, source, entries);
  }

  private async retryOrDiscard(
    mapping: EventSourceMappingRecord,
    fn: FunctionRecord,
    source: StreamSource,
    failed: StreamEntry[],
  ): Promise<number> {
    this.attempts += 1;
    const progress = await this.position(source);
    if (mapping.maximumRetryAttempts >= 0 && this.attempts > mapping.maximumRetryAttempts)
      return this.discard(progress, source, failed, 'RetryAttemptsExhausted', fn);
    await this.saveResult('PROBLEM: Function call failed');
    return this.backoff();
  }

  /** Gives up on records: their description goes to the on-failure destination, the mapping moves past them. */
  private async discard(
    progress: MappingProgress,
    source: StreamSource,
    entries: StreamEntry[],
    condition: 'RetryAttemptsExhausted' | 'RecordAgeExceeded',
    fn: FunctionRecord,
  ): Promise<number> {
    const { mapping } = this.config;
    const first = (entries[0] as StreamEntry).record;
    const last = (entries.at(-1) as StreamEntry).record;
    if (mapping.onFailure) {
      const arrival = (at: number) => new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z');
      const description = {
        requestContext: {
          requestId: randomUUID(),
          functionArn: fn.arn,
          condition,
          approximateInvokeCount: Math.max(1, this.attempts),
        },
        responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
        version: '1.0',
        timestamp: new Date().toISOString(),
        DDBStreamBatchInfo: {
          shardId: 'shardId-00000000000000000000-00000001',
          startSequenceNumber: sequenceNumberOf(first.seq),
          endSequenceNumber: sequenceNumberOf(last.seq),
          approximateArrivalOfFirstRecord: arrival(first.at),
          approximateArrivalOfLastRecord: arrival(last.at),
          batchSize: entries.length,
          streamArn: source.arn,
        },
      };
      await sendAsFunction(this.deps.store, fn, mapping.onFailure, JSON.stringify(description), Date.now());
    }
    this.attempts = 0;
    this.bisectLimit = undefined;
    await this.advance(progress, (entries.at(-1) as StreamEntry).nextOffset, `PROBLEM: ${condition}`);
    return 0;
  }

  private tooOld(mapping: EventSourceMappingRecord, entries: StreamEntry[]): boolean {
    const age = Date.now() - (entries[0] as StreamEntry).record.at;
    if (mapping.maximumRecordAgeSeconds >= 0) return age > mapping.maximumRecordAgeSeconds * 1000;
    return this.attempts > 0 && age > STREAM_RETENTION_MS;
  }

  private matches(mapping: EventSourceMappingRecord, record: Record<string, unknown>): boolean {
    if (mapping.filters.length === 0) return true;
    if (this.filters.text !== mapping.filters)
      this.filters = { text: mapping.filters, patterns: mapping.filters.map((filter) => parseEventPattern(filter)) };
    return this.filters.patterns.some((pattern) => matchesPattern(pattern, record));
  }

  /** Where the mapping reads: its saved position, or the start per StartingPosition for a new stream. */
  private async position(source: StreamSource): Promise<MappingProgress> {
    const { mapping } = this.config;
    const saved = await this.deps.progress.read(mapping.uuid);
    if (saved && saved.sourceArn === source.arn) return saved;
    const offset = mapping.startingPosition === 'LATEST' ? await streamFileSize(source.path) : 0;
    const fresh = {
      sourceArn: source.arn,
      offset,
      lastProcessingResult: 'No records processed',
      updatedAt: Date.now(),
    };
    await this.deps.progress.write(mapping.uuid, fresh);
    return fresh;
  }

  private async advance(progress: MappingProgress, offset: number, result: string): Promise<void> {
    await this.deps.progress.write(this.config.mapping.uuid, {
      ...progress,
      offset,
      lastProcessingResult: result,
      updatedAt: Date.now(),
      ...this.retryState(),
    });
  }

  private async saveResult(result: string): Promise<void> {
    const saved = await this.deps.progress.read(this.config.mapping.uuid);
    const retry = this.retryState();
    if (
      saved?.lastProcessingResult === result &&
      saved.attempts === retry.attempts &&
      saved.bisectLimit === retry.bisectLimit
    )
      return;
    await this.deps.progress.write(this.config.mapping.uuid, {
      sourceArn: saved?.sourceArn ?? '',
      offset: saved?.offset ?? 0,
      lastProcessingResult: result,
      updatedAt: Date.now(),
      ...retry,
    });
  }

  private retryState(): { attempts?: number; bisectLimit?: number } {
    return {
      ...(this.attempts > 0 ? { attempts: this.attempts } : {}),
      ...(this.bisectLimit !== undefined ? { bisectLimit: this.bisectLimit } : {}),
    };
  }

  /** Retries of a failing batch wait longer each time: a sandbox second, doubling, up to a sandbox minute. */
  private backoff(): number {
    const minuteMs = this.deps.options.retryMinuteMs;
    return Math.min(minuteMs, (minuteMs / 60) * 2 ** Math.min(this.attempts, 10));
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
