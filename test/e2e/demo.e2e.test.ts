import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { newStateDir, ROOT } from './run-binary.js';

// `npm run demo` is the README's first command: it must keep working after every change.
describe('npm run demo', () => {
  // The demo runs the workloads for real (functions, streams, replays, loads): about three minutes on a busy 2-core machine.
  it('runs every step against a fresh sandbox and finishes', { timeout: 420_000 }, async () => {
    const stateDir = newStateDir();
    const child = spawn(process.execPath, [join(ROOT, 'scripts', 'demo.mjs')], {
      cwd: ROOT,
      env: { ...process.env, CI: 'true', AWSARCH_DEMO_DIR: stateDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code, output.slice(-3000)).toBe(0);
    const steps = [...output.matchAll(/^\u001b\[1m\[(\d+)\/(\d+)\]/gm)];
    expect(steps.length).toBeGreaterThan(10);
    expect(steps.at(-1)?.[1]).toBe(steps.at(-1)?.[2]);
    expect(output).toMatch(/Demo finished in [\d.]+s/);
    expect(output).toContain('with an explicit deny in a service control policy');
    expect(output).toMatch(
      /The replay re-drove [1-9]\d* deliveries to the six services; every consumer saw a duplicate and no table changed/,
    );
    expect(output).toMatch(/read model: \d+ commands shown, 0 lost/);
    expect(output).toMatch(/ProjectorDlq\w*\s+[1-9]/);
    expect(output).toMatch(/deliveries:\s+(\d+) of \1 applied, 0 lost/);
  });
});
