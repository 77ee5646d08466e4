import { appendFileSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProtocolResponse, ServiceDefinition } from '../types.js';

/** One response that departs from its service's model. */
export interface ConformanceViolation {
  service: string;
  operation: string;
  status: number;
  problems: string[];
}

/** What one process checked, written beside its violations so a suite can prove the check ran. */
export interface ConformanceTally {
  pid: number;
  checked: number;
  byService: Record<string, number>;
}

/**
 * Checks every response against the AWS SDK's model of its operation and appends the departures to
 * DIR/violations-PID.ndjson (synchronously: a process killed mid-test keeps what it found). The tally of
 * checked responses goes to DIR/tally-PID-….json, replaced after each check (written beside it, then renamed over
 * it, so a process killed mid-write never leaves half a tally). Enabled by the sandbox option conformanceLog
 * (AWSARCH_SANDBOX_CONFORMANCE_LOG); the test suite's global setup sets it and fails on any violation.
 */
export class ConformanceRecorder {
  private readonly tally: ConformanceTally = { pid: process.pid, checked: 0, byService: {} };
  private readonly violationsPath: string;
  private readonly tallyPath: string;
  private readonly tallyDraftPath: string;

  private constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
    const id = `${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    this.violationsPath = join(dir, `violations-${id}.ndjson`);
    this.tallyPath = join(dir, `tally-${id}.json`);
    this.tallyDraftPath = join(dir, `draft-${id}.json`);
  }

  private static readonly byDir = new Map<string, ConformanceRecorder>();

  /** One recorder per directory and process. */
  static for(dir: string): ConformanceRecorder {
    let recorder = ConformanceRecorder.byDir.get(dir);
    if (!recorder) {
      recorder = new ConformanceRecorder(dir);
      ConformanceRecorder.byDir.set(dir, recorder);
    }
    return recorder;
  }

  /** Checks one response; a failure of the check itself is recorded as a violation, never swallowed. */
  async record(service: ServiceDefinition, operation: string | undefined, response: ProtocolResponse): Promise<void> {
    let problems: string[];
    try {
      const [{ loadServiceModel }, { checkResponse }] = await Promise.all([
        import('./service-model.js'),
        import('./check-response.js'),
      ]);
      const model = await loadServiceModel(service.sdkClient);
      problems = checkResponse(model, { service: service.name, protocol: service.protocol, operation, response });
    } catch (error) {
      problems = [`the conformance check failed: ${error instanceof Error ? error.message : String(error)}`];
    }
    this.tally.checked += 1;
    this.tally.byService[service.name] = (this.tally.byService[service.name] ?? 0) + 1;
    if (problems.length > 0) {
      const violation: ConformanceViolation = {
        service: service.name,
        operation: operation ?? '(none)',
        status: response.status,
        problems,
      };
      appendFileSync(this.violationsPath, `${JSON.stringify(violation)}\n`);
    }
    // Every time: test workers are ended without an 'exit' event, and the tally is a few bytes.
    this.flush();
  }

  private flush(): void {
    writeFileSync(this.tallyDraftPath, JSON.stringify(this.tally));
    renameSync(this.tallyDraftPath, this.tallyPath);
  }
}
