import type { LiveFrames } from '../core/outcome.js';
import type { FailoverFrame, FailoverPhase } from './failover-result.js';
import type { HybridStatusData } from './status.js';

/** The live frames of a test: a new one only when the path, the health or the alarms changed, so logs show before, during and after. */
export class FrameLog {
  private last = '';

  constructor(private readonly frames: LiveFrames<FailoverFrame>) {}

  show(phase: FailoverPhase, data: HybridStatusData, at: number, alarming: string[]): void {
    const { assessment } = data;
    const key = JSON.stringify([
      assessment.status,
      assessment.prefixes.map((prefix) => prefix.path),
      assessment.components.map((component) => component.health),
      alarming,
    ]);
    if (key === this.last) return;
    this.last = key;
    this.frames({ phase, at, observed: data, alarming });
  }
}
