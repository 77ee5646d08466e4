import { GetParametersByPathCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { SANDBOX_CREDENTIALS } from '@awsarch/aws-sandbox';
import { describe, expect, it } from 'vitest';
import { leaseParameterName } from '../../src/aws/run-lease-decisions.js';
import { RUN_LEASE_PATH, withRunLease } from '../../src/aws/run-lease.js';
import { clientConfig, startTestSandbox } from '../../packages/aws-sandbox/test/helpers.js';
import { testContext } from '../helpers/context.js';
import { firstOf, startLossyProxy } from '../helpers/lossy-proxy.js';

async function setUp() {
  const sandbox = await startTestSandbox();
  const context = () =>
    testContext({ target: { endpoint: sandbox.endpoint, credentials: SANDBOX_CREDENTIALS, maxAttempts: 2 } }).ctx;
  const ssm = new SSMClient(clientConfig(sandbox, {}));
  const generations = async () =>
    ((await ssm.send(new GetParametersByPathCommand({ Path: RUN_LEASE_PATH }))).Parameters ?? []).map((parameter) => ({
      name: parameter.Name,
      value: JSON.parse(parameter.Value ?? '{}'),
    }));
  return { context, ssm, generations };
}

const fast = { ttlSeconds: 1, pollMs: 20 };

describe('the run lease against Parameter Store (the sandbox)', () => {
  it('lets one run at a time work: the second waits for the first to release', async () => {
    const { context, generations } = await setUp();
    const spans: Array<[string, number, number]> = [];
    const run = (name: string) =>
      withRunLease(context(), { purpose: name, waitMs: 30_000, ...fast }, async () => {
        const start = Date.now();
        await new Promise((resolve) => setTimeout(resolve, 200));
        spans.push([name, start, Date.now()]);
      });
    await Promise.all([run('first'), run('second')]);
    const [a, b] = spans.sort((x, y) => x[1] - y[1]);
    expect(b?.[1]).toBeGreaterThanOrEqual(a?.[2] ?? Infinity);
    // Released at the end; the earlier generation was removed when the later one was taken.
    expect(await generations()).toEqual([
      { name: leaseParameterName(RUN_LEASE_PATH, 2), value: expect.objectContaining({ released: true }) },
    ]);
  });

  it('refuses at once with --lease-wait 0, naming the run that holds it', async () => {
    const { context } = await setUp();
    let release!: () => void;
    const holding = withRunLease(context(), { purpose: 'baseline apply', waitMs: 0, ...fast }, async () => {
      await new Promise<void>((resolve) => (release = resolve));
    }).then(
      () => undefined,
      (error: unknown) => error,
    );
    // Wait until the first run holds the lease (its work has started).
    while (release === undefined) await new Promise((resolve) => setTimeout(resolve, 10));
    await expect(
      withRunLease(context(), { purpose: 'scp apply', waitMs: 0, ...fast }, async () => 'never'),
    ).rejects.toMatchObject({
      code: 'run-lease-held',
      exitCode: 1,
      message: expect.stringMatching(
        /^another awsarch run is changing this organization: baseline apply \(pid \d+ on /,
      ),
    });
    release();
    expect(await holding).toBeUndefined();
  });

  it('takes over a lease its holder stopped renewing (another host, killed) once its TTL has passed', async () => {
    const { context, ssm, generations } = await setUp();
    const abandoned = {
      holder: 'gone',
      purpose: 'account create',
      pid: 1,
      host: 'another-host',
      startedAt: new Date().toISOString(),
      renewedAt: new Date().toISOString(),
      ttlSeconds: 1,
    };
    await ssm.send(
      new PutParameterCommand({
        Name: leaseParameterName(RUN_LEASE_PATH, 7),
        Value: JSON.stringify(abandoned),
        Type: 'String',
      }),
    );
    const started = Date.now();
    const result = await withRunLease(
      context(),
      { purpose: 'baseline apply', waitMs: 30_000, ...fast },
      async () => 'done',
    );
    expect(result).toBe('done');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    expect((await generations()).map((generation) => generation.name)).toEqual([leaseParameterName(RUN_LEASE_PATH, 8)]);
  });

  it('stops a run whose lease another run took over, with run-lease-lost', async () => {
    const { context, ssm } = await setUp();
    await expect(
      withRunLease(context(), { purpose: 'baseline apply', waitMs: 0, ...fast }, async (leased) => {
        // Another run judged this one dead and took the next generation.
        await ssm.send(
          new PutParameterCommand({ Name: leaseParameterName(RUN_LEASE_PATH, 2), Value: '{}', Type: 'String' }),
        );
        await new Promise((resolve, reject) => {
          leased.signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
          setTimeout(resolve, 5_000);
        });
      }),
    ).rejects.toMatchObject({ code: 'run-lease-lost' });
  });

  it('takes its own generation when the answer to its PutParameter was lost and the SDK sent it again', async () => {
    const sandbox = await startTestSandbox();
    const proxy = await startLossyProxy(sandbox.endpoint, firstOf('PutParameter'));
    try {
      const { ctx } = testContext({
        target: { endpoint: proxy.endpoint, credentials: SANDBOX_CREDENTIALS, maxAttempts: 2 },
      });
      // With --lease-wait 0 a run that mistook its own lease for another's would refuse, naming itself.
      const result = await withRunLease(ctx, { purpose: 'scp apply', waitMs: 0, ...fast }, async () => 'worked');
      expect(result).toBe('worked');
      expect(proxy.lost).toHaveLength(1);
    } finally {
      await proxy.close();
    }
  });
});
