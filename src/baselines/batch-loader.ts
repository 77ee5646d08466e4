/**
 * Collects keys asked for in the same turn of the event loop and fetches them in batches, so that
 * reading N accounts makes N/batchSize calls to an API that accepts many ids at once (GuardDuty's
 * GetMembers takes 50). Each caller gets its own value, or undefined when the batch had none.
 */
export class BatchLoader<V> {
  private pending = new Map<
    string,
    Array<{ resolve: (value: V | undefined) => void; reject: (error: unknown) => void }>
  >();
  private scheduled = false;

  constructor(
    private readonly batchSize: number,
    private readonly fetch: (keys: string[]) => Promise<Map<string, V>>,
  ) {}

  load(key: string): Promise<V | undefined> {
    return new Promise((resolve, reject) => {
      const waiters = this.pending.get(key) ?? [];
      waiters.push({ resolve, reject });
      this.pending.set(key, waiters);
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = new Map();
    this.scheduled = false;
    const keys = [...batch.keys()];
    await Promise.all(
      Array.from({ length: Math.ceil(keys.length / this.batchSize) }, async (_, index) => {
        const chunk = keys.slice(index * this.batchSize, (index + 1) * this.batchSize);
        try {
          const values = await this.fetch(chunk);
          for (const key of chunk) for (const waiter of batch.get(key) ?? []) waiter.resolve(values.get(key));
        } catch (error) {
          for (const key of chunk) for (const waiter of batch.get(key) ?? []) waiter.reject(error);
        }
      }),
    );
  }
}
