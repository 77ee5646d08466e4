import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { BatchWriter } from '../../../src/workloads/replay/orders/batch-writer.js';
import { WriteSlots } from '../../../src/workloads/replay/orders/write-slots.js';

const noSleep = { sleep: async () => undefined };
const items = (count: number) =>
  Array.from({ length: count }, (_unused, index) => ({ orderId: `o-${index}`, version: 1 }));

describe('BatchWriter', () => {
  it('writes 25 items a call and sends what DynamoDB left unprocessed again, with backoff', async () => {
    const db = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
    const mock = mockClient(db);
    const sleeps: number[] = [];
    let calls = 0;
    mock.on(BatchWriteCommand).callsFake((input: { RequestItems: Record<string, unknown[]> }) => {
      calls += 1;
      const requests = input.RequestItems.t ?? [];
      // Every first attempt of a batch leaves its last three items unprocessed.
      return requests.length === 25 ? { UnprocessedItems: { t: requests.slice(-3) } } : { UnprocessedItems: {} };
    });
    const writer = new BatchWriter(db, new WriteSlots(4), { sleep: async (ms) => void sleeps.push(ms) }, () => 0.5);
    expect(await writer.write('t', items(60))).toEqual({ written: 60, retried: 6 });
    expect(calls).toBe(5);
    expect(sleeps).toEqual([37.5, 37.5]);
    const sizes = mock
      .commandCalls(BatchWriteCommand)
      .map((call) => (call.args[0].input.RequestItems?.t ?? []).length)
      .sort((a, b) => a - b);
    expect(sizes).toEqual([3, 3, 10, 25, 25]);
  });

  it('gives up after 10 attempts', async () => {
    const db = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
    mockClient(db)
      .on(BatchWriteCommand)
      .callsFake((input: { RequestItems: Record<string, unknown[]> }) => ({ UnprocessedItems: input.RequestItems }));
    await expect(new BatchWriter(db, new WriteSlots(1), noSleep).write('t', items(2))).rejects.toThrow(
      'DynamoDB left 2 item(s) of t unprocessed after 10 attempts',
    );
  });
});

describe('WriteSlots', () => {
  it('never has more than its limit in flight', async () => {
    const slots = new WriteSlots(3);
    let active = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 40 }, (_unused, index) =>
        slots.run(async () => {
          active += 1;
          peak = Math.max(peak, active);
          await new Promise((resolve) => setImmediate(resolve));
          if (index % 7 === 0) await new Promise((resolve) => setImmediate(resolve));
          active -= 1;
        }),
      ),
    );
    expect(peak).toBe(3);
  });
});
