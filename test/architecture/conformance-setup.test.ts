import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import setup from '../conformance-setup.js';

describe('the conformance global setup', () => {
  const saved = { dir: process.env.AWSARCH_SANDBOX_CONFORMANCE_LOG, exitCode: process.exitCode };
  afterEach(() => {
    process.env.AWSARCH_SANDBOX_CONFORMANCE_LOG = saved.dir;
    process.exitCode = saved.exitCode;
  });

  it('fails the run (exit code and error) when a sandbox response departed from its model', () => {
    const teardown = setup();
    const dir = process.env.AWSARCH_SANDBOX_CONFORMANCE_LOG as string;
    expect(dir).not.toBe(saved.dir);
    writeFileSync(join(dir, 'tally-1-a.json'), JSON.stringify({ pid: 1, checked: 2, byService: { ec2: 2 } }));
    writeFileSync(
      join(dir, 'violations-1-a.ndjson'),
      `${JSON.stringify({ service: 'ec2', operation: 'CreateVpc', status: 200, problems: ['CreateVpc.vpc.colour: not a member of Vpc'] })}\n`,
    );
    expect(() => teardown()).toThrow(/ec2 CreateVpc \(HTTP 200\): CreateVpc\.vpc\.colour: not a member of Vpc/);
    expect(process.exitCode).toBe(1);
  });

  it('counts a violation line cut short (its process killed while appending) as a departure', () => {
    const teardown = setup();
    const dir = process.env.AWSARCH_SANDBOX_CONFORMANCE_LOG as string;
    writeFileSync(join(dir, 'violations-1-a.ndjson'), '{"service":"ec2","operation":"Crea');
    expect(() => teardown()).toThrow(/an unreadable line in violations-1-a\.ndjson/);
    expect(process.exitCode).toBe(1);
  });

  it('passes a run whose responses all conformed', () => {
    const teardown = setup();
    const dir = process.env.AWSARCH_SANDBOX_CONFORMANCE_LOG as string;
    writeFileSync(join(dir, 'tally-1-a.json'), JSON.stringify({ pid: 1, checked: 3, byService: { iam: 3 } }));
    expect(() => teardown()).not.toThrow();
    expect(process.exitCode).toBe(saved.exitCode);
  });
});
