import type { Clock } from '../../src/core/clock.js';

/** A clock that stands still until the test advances it; sleepers wake in time order. */
export class ManualClock implements Clock {
  private time = 1_000_000;
  private sleepers: Array<{ at: number; wake: () => void }> = [];

  now(): number {
    return this.time;
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.sleepers.push({ at: this.time + Math.max(0, ms), wake: resolve }));
  }

  /** Moves time forward by ms, waking each sleeper at its time and letting what it starts run. */
  async advance(ms: number): Promise<void> {
    const until = this.time + ms;
    for (;;) {
      await settle();
      const next = this.sleepers.filter((sleeper) => sleeper.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      this.sleepers.splice(this.sleepers.indexOf(next), 1);
      this.time = Math.max(this.time, next.at);
      next.wake();
    }
    this.time = until;
    await settle();
  }
}

/** Lets every promise continuation that is ready run. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
