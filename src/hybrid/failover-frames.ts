import type { CommandContext } from '../core/context.js';
import { statusBlocks, type HybridStatusData } from './status-view.js';

/** The live frames of a test: a new one only when the path or health changed, so logs show before, during and after. */
export class FrameLog {
  private last = '';

  show(ctx: CommandContext, phase: string, data: HybridStatusData, at: number, alarming: string[]): void {
    const { assessment } = data;
    const key = JSON.stringify([
      assessment.status,
      assessment.prefixes.map((prefix) => prefix.path),
      assessment.components.map((component) => component.health),
      alarming,
    ]);
    if (key === this.last) return;
    this.last = key;
    const summary = {
      phase,
      at: new Date(at).toISOString(),
      path: assessment.path,
      status: assessment.status,
      headline: assessment.headline,
      prefixes: assessment.prefixes.map(({ prefix, path }) => ({ prefix, path })),
      alarming,
    };
    const alarmLine = alarming.length > 0 ? [`Hybrid alarms in ALARM: ${alarming.join(', ')}`] : [];
    ctx.io.live({
      data: summary,
      human: [{ kind: 'text', lines: [`Failover test: ${phase}`, ...alarmLine] }, ...statusBlocks(data)],
    });
  }
}
