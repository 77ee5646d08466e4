import type { CommandContext } from '../core/context.js';
import { failoverFrameDocument } from '../documents/hybrid.js';
import { statusBlocks, type HybridStatusData } from './status-view.js';

/** Where a test is: its phase (for pipelines) and the phase in words. */
export interface Phase {
  phase: 'precheck' | 'failover' | 'expiry' | 'failback';
  description: string;
}

/** The live frames of a test: a new one only when the path or health changed, so logs show before, during and after. */
export class FrameLog {
  private last = '';

  show(ctx: CommandContext, phase: Phase, data: HybridStatusData, at: number, alarming: string[]): void {
    const { assessment } = data;
    const key = JSON.stringify([
      assessment.status,
      assessment.prefixes.map((prefix) => prefix.path),
      assessment.components.map((component) => component.health),
      alarming,
    ]);
    if (key === this.last) return;
    this.last = key;
    const alarmLine = alarming.length > 0 ? [`Hybrid alarms in ALARM: ${alarming.join(', ')}`] : [];
    ctx.io.live({
      data: failoverFrameDocument(phase, assessment, at, alarming),
      human: [{ kind: 'text', lines: [`Failover test: ${phase.description}`, ...alarmLine] }, ...statusBlocks(data)],
    });
  }
}
