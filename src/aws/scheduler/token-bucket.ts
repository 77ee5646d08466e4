/**
 * A token bucket as AWS describes its request throttling: `capacity` tokens at most (the burst), refilled
 * at `ratePerSecond`; each request takes one. The refill rate adapts: a throttle halves it (never below a
 * tenth of the published rate, since the real limit may be shared with other callers), every success
 * wins back a twentieth of the published rate.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;
  private rate: number;

  constructor(
    readonly capacity: number,
    readonly ratePerSecond: number,
    now: number,
  ) {
    this.tokens = capacity;
    this.updatedAt = now;
    this.rate = ratePerSecond;
  }

  /** The refill rate in use now (requests per second). */
  get currentRate(): number {
    return this.rate;
  }

  private refill(now: number): void {
    if (now > this.updatedAt) {
      this.tokens = Math.min(this.capacity, this.tokens + ((now - this.updatedAt) * this.rate) / 1000);
      this.updatedAt = now;
    }
  }

  /** Takes a token if there is one. */
  take(now: number): boolean {
    this.refill(now);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Milliseconds until the next token. */
  msUntilToken(now: number): number {
    this.refill(now);
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) * 1000) / this.rate);
  }

  throttled(): void {
    this.rate = Math.max(this.ratePerSecond / 10, this.rate / 2);
    this.tokens = Math.min(this.tokens, 0);
  }

  succeeded(): void {
    this.rate = Math.min(this.ratePerSecond, this.rate + this.ratePerSecond / 20);
  }
}
