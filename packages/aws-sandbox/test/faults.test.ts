import {
  CreateAccountCommand,
  CreateOrganizationCommand,
  DescribeAccountCommand,
  DescribeOrganizationCommand,
  ListRootsCommand,
} from '@aws-sdk/client-organizations';
import { DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterEach, describe, expect, test } from 'vitest';
import { decideFault } from '../src/faults.js';
import { InvalidFaultSpecError, parseFaultSpec, SANDBOX_MANAGEMENT_ACCOUNT_ID, startSandbox } from '../src/index.js';
import {
  clientConfig,
  failureOf,
  organizationsClient,
  startSandboxWithServices,
  startTestSandbox,
  stsClient,
  temporaryStateDir,
} from './helpers.js';

describe('parseFaultSpec', () => {
  test('reads throttling, latency and per-operation errors with optional probability', () => {
    const plan = parseFaultSpec(
      ' throttle=0.3, latency=40ms,CreateAccount=ConcurrentModificationException,DescribeAccount=ServiceException@0.5 ',
    );
    expect(plan.throttleRatio).toBe(0.3);
    expect(plan.latencyMs).toBe(40);
    expect([...plan.operationErrors]).toEqual([
      ['CreateAccount', { code: 'ConcurrentModificationException', probability: 1 }],
      ['DescribeAccount', { code: 'ServiceException', probability: 0.5 }],
    ]);
    expect(parseFaultSpec('latency=1.5s').latencyMs).toBe(1500);
    expect(parseFaultSpec(undefined)).toEqual(parseFaultSpec(''));
  });

  test.each([
    ['throttle=2', 'throttle=2'],
    ['latency=fast', 'latency=fast'],
    ['nonsense', 'nonsense'],
    ['listAccounts=X', 'listAccounts=X'],
    ['CreateAccount=', 'CreateAccount='],
    ['CreateAccount=Busy@1.5', 'CreateAccount=Busy@1.5'],
  ])('%s is rejected with a message naming the item and the syntax', (spec, item) => {
    expect(() => parseFaultSpec(`latency=1ms,${spec}`)).toThrow(InvalidFaultSpecError);
    expect(() => parseFaultSpec(spec)).toThrow(`Invalid AWSARCH_SANDBOX_FAULTS item "${item}"`);
    expect(() => parseFaultSpec(spec)).toThrow('throttle=<ratio 0..1>, latency=<n>ms');
  });

  test('decideFault applies an operation error with its probability before throttling', () => {
    const plan = parseFaultSpec('throttle=0.5,DescribeAccount=ServiceException@0.5');
    expect(decideFault(plan, 'DescribeAccount', () => 0.4)).toEqual({ kind: 'error', code: 'ServiceException' });
    expect(decideFault(plan, 'DescribeAccount', () => 0.6)).toBeUndefined();
    expect(decideFault(plan, 'ListAccounts', () => 0.4)).toEqual({ kind: 'throttle' });
    expect(decideFault(plan, 'ListAccounts', () => 0.5)).toBeUndefined();
  });
});

describe('faults in a running sandbox', () => {
  const savedFaults = process.env.AWSARCH_SANDBOX_FAULTS;
  afterEach(() => {
    if (savedFaults === undefined) delete process.env.AWSARCH_SANDBOX_FAULTS;
    else process.env.AWSARCH_SANDBOX_FAULTS = savedFaults;
  });

  test("throttle=1 answers every request with the service's throttling error, which the SDK retries", async () => {
    const sandbox = await startTestSandbox({ faults: 'throttle=1' });
    const organizations = await failureOf(
      organizationsClient(sandbox, { maxAttempts: 2 }).send(new DescribeOrganizationCommand({})),
    );
    expect(organizations.name).toBe('TooManyRequestsException');
    expect(organizations.$metadata.httpStatusCode).toBe(400);
    expect(organizations.$metadata.attempts).toBe(2);
    const sts = await failureOf(stsClient(sandbox).send(new GetCallerIdentityCommand({})));
    expect(sts.name).toBe('Throttling');
    expect(sts.message).toBe('Rate exceeded');
    expect(sandbox.calls.map((call) => call.errorCode)).toEqual([
      'TooManyRequestsException',
      'TooManyRequestsException',
      'Throttling',
    ]);
  });

  test("with throttle=0.3 the SDK's adaptive retry gets every call through", async () => {
    // A fixed sequence in which exactly 3 of every 10 draws fall below 0.3, never two in a row.
    const draws = [0.05, 0.55, 0.95, 0.35, 0.75, 0.15, 0.65, 0.45, 0.85, 0.25];
    let next = 0;
    const sandbox = await startSandboxWithServices(
      [],
      { faults: 'throttle=0.3' },
      () => draws[next++ % draws.length] as number,
    );
    const client = organizationsClient(sandbox, { maxAttempts: 5, retryMode: 'adaptive' });
    await client.send(new CreateOrganizationCommand({}));
    for (let i = 0; i < 8; i++) expect((await client.send(new ListRootsCommand({}))).Roots).toHaveLength(1);
    const throttled = sandbox.calls.filter((call) => call.errorCode === 'TooManyRequestsException').length;
    expect(throttled).toBeGreaterThanOrEqual(3);
    expect(sandbox.calls.filter((call) => call.errorCode === undefined)).toHaveLength(9);
  }, 30_000);

  test('a read that runs again as a write is one request: its fault is drawn once', async () => {
    // The first DescribeVpcs of an account creates its EC2 slice, so it runs as a read and then as a write.
    // Drawing again for the second pass throttled such reads at 1 - 0.7^2 = 51% instead of 30%.
    const draws = [0.9, 0.1];
    let drawn = 0;
    const sandbox = await startSandboxWithServices([], { faults: 'throttle=0.3' }, () => draws[drawn++] ?? 0.9);
    const ec2 = new EC2Client(clientConfig(sandbox, { maxAttempts: 1 }));
    expect((await ec2.send(new DescribeVpcsCommand({}))).Vpcs).toEqual([]);
    expect(drawn).toBe(1);
    expect(sandbox.calls.map((call) => call.errorCode)).toEqual([undefined]);
  });

  test('latency is added to every request', async () => {
    const sandbox = await startTestSandbox({ faults: 'latency=60ms' });
    const started = performance.now();
    await stsClient(sandbox).send(new GetCallerIdentityCommand({}));
    expect(performance.now() - started).toBeGreaterThanOrEqual(60);
  });

  test('an operation error is returned always, or with the given probability, with the AWS message and status', async () => {
    const sandbox = await startTestSandbox({
      faults: 'CreateAccount=ConcurrentModificationException,DescribeAccount=ServiceException@0.5',
    });
    const client = organizationsClient(sandbox);
    await client.send(new CreateOrganizationCommand({}));
    const error = await failureOf(client.send(new CreateAccountCommand({ Email: 'a@example.com', AccountName: 'a' })));
    expect(error.name).toBe('ConcurrentModificationException');
    expect(error.message).toBe(
      'The target of the operation is currently being modified by a different request. Try again later.',
    );
    const outcomes = await Promise.all(
      Array.from({ length: 40 }, () =>
        client.send(new DescribeAccountCommand({ AccountId: SANDBOX_MANAGEMENT_ACCOUNT_ID })).then(
          () => 'ok',
          (failure: Error & { $metadata: { httpStatusCode?: number } }) =>
            `${failure.name}:${failure.$metadata.httpStatusCode}`,
        ),
      ),
    );
    expect(new Set(outcomes)).toEqual(new Set(['ok', 'ServiceException:500']));
  });

  test('AWSARCH_SANDBOX_FAULTS is the default, and a bad spec stops startSandbox', async () => {
    process.env.AWSARCH_SANDBOX_FAULTS = 'GetCallerIdentity=RegionDisabledException';
    const sandbox = await startTestSandbox({ faults: undefined });
    const error = await failureOf(stsClient(sandbox).send(new GetCallerIdentityCommand({})));
    expect(error.name).toBe('RegionDisabledException');
    expect(error.$metadata.httpStatusCode).toBe(403);
    process.env.AWSARCH_SANDBOX_FAULTS = 'throttle=lots';
    await expect(startSandbox({ stateDir: await temporaryStateDir() })).rejects.toThrow(
      'Invalid AWSARCH_SANDBOX_FAULTS item "throttle=lots"',
    );
  });
});
