/** A DynamoDB table's keys and indexes, declared once: the stacks create tables from it, tests too. */
export interface TableSchema {
  readonly partitionKey: KeyAttribute;
  readonly sortKey?: KeyAttribute;
  readonly indexes?: ReadonlyArray<{
    readonly name: string;
    readonly partitionKey: KeyAttribute;
    readonly sortKey?: KeyAttribute;
  }>;
  /** Attribute holding an epoch-seconds expiry (DynamoDB TTL). */
  readonly ttlAttribute?: string;
}

export interface KeyAttribute {
  readonly name: string;
  readonly type: 'S' | 'N';
}

export const key = (name: string, type: 'S' | 'N' = 'S'): KeyAttribute => ({ name, type });
