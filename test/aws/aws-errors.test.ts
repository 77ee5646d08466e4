import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AccessDeniedException,
  DescribeOrganizationCommand,
  OrganizationsClient,
  TooManyRequestsException,
} from '@aws-sdk/client-organizations';
import { ExpiredTokenException, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isAwsError, toAwsarchError } from '../../src/aws/aws-errors.js';
import { ERR } from '../../src/core/error-codes.js';
import { usageError } from '../../src/core/errors.js';

const CREDENTIALS = { accessKeyId: 'AKIAEXAMPLE000000001', secretAccessKey: 'do-not-print-this-secret' };
const metadata = { httpStatusCode: 400, requestId: 'req-123' };

/** What the SDK throws when the endpoint answers `answer` (a real client, a real HTTP server on loopback). */
async function thrownFor(
  answer: { status: number; type?: string; body: string },
  Client: typeof OrganizationsClient | typeof STSClient,
): Promise<unknown> {
  const server = createServer((_request, response) => {
    response.writeHead(answer.status, answer.type ? { 'content-type': answer.type } : {});
    response.end(answer.body);
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new Client({ endpoint, region: 'us-east-1', credentials: CREDENTIALS, maxAttempts: 1 });
  try {
    await (Client === STSClient
      ? (client as STSClient).send(new GetCallerIdentityCommand({}))
      : (client as OrganizationsClient).send(new DescribeOrganizationCommand({})));
    return undefined;
  } catch (error) {
    return error;
  } finally {
    client.destroy();
    await new Promise((closed) => server.close(closed));
  }
}

describe('SDK errors as AwsarchErrors (toAwsarchError)', () => {
  it('access denied: what was refused, the request id in details, a hint about IAM and SCPs', () => {
    const sdk = new AccessDeniedException({ message: 'You are not authorized', $metadata: metadata });
    const error = toAwsarchError(sdk, 'Listing accounts');
    expect(error).toMatchObject({
      code: 'aws-access-denied',
      exitCode: 1,
      message: 'Listing accounts failed: access denied (You are not authorized)',
      details: { awsError: 'AccessDeniedException', requestId: 'req-123', httpStatusCode: 400 },
      hint: expect.stringMatching(/IAM permissions.*SCP/),
    });
    expect(error.cause).toBe(sdk);
  });

  it('expired or missing credentials: sign in again, and never the secret', async () => {
    const expired = toAwsarchError(
      new ExpiredTokenException({
        message: 'The security token included in the request is expired',
        $metadata: metadata,
      }),
      'Reading the organization',
    );
    expect(expired).toMatchObject({ code: 'aws-credentials', hint: expect.stringContaining('aws sso login') });

    // The SDK's own credential chain, with a profile that is in no file (and no instance metadata to ask).
    const dir = mkdtempSync(join(tmpdir(), 'awsarch-no-profile-'));
    writeFileSync(join(dir, 'config'), '');
    vi.stubEnv('AWS_CONFIG_FILE', join(dir, 'config'));
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', join(dir, 'config'));
    vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
    const client = new STSClient({ region: 'us-east-1', profile: 'awsarch-no-such-profile', maxAttempts: 1 });
    const failure = await client.send(new GetCallerIdentityCommand({})).catch((error: unknown) => error);
    client.destroy();
    const missing = toAwsarchError(failure, 'Reading the organization');
    expect(missing.code).toBe('aws-credentials');
    expect(missing.message).toMatch(/^Reading the organization failed: AWS credentials are missing/);
    expect(JSON.stringify({ message: expired.message, details: expired.details })).not.toContain(
      CREDENTIALS.secretAccessKey,
    );
  });

  it('an endpoint that cannot be reached: aws-unreachable, with the network code', async () => {
    const server = createServer();
    await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
    const port = (server.address() as AddressInfo).port;
    await new Promise((closed) => server.close(closed));
    const client = new STSClient({
      endpoint: `http://127.0.0.1:${port}`,
      region: 'us-east-1',
      credentials: CREDENTIALS,
      maxAttempts: 1,
    });
    const failure = await client.send(new GetCallerIdentityCommand({})).catch((error: unknown) => error);
    client.destroy();
    expect(toAwsarchError(failure, 'Calling STS')).toMatchObject({
      code: 'aws-unreachable',
      message: 'Calling STS failed: cannot reach the AWS endpoint (ECONNREFUSED)',
      hint: expect.stringContaining('--endpoint-url'),
    });
  });

  describe('answers that are not AWS API responses (a proxy, a load balancer, a wrong endpoint)', () => {
    it.each([
      [
        'an HTML 502 from a load balancer (JSON protocol)',
        OrganizationsClient,
        502,
        'text/html',
        '<html>Bad Gateway</html>',
      ],
      ['an HTML 502 (query protocol)', STSClient, 502, 'text/html', '<html>Bad Gateway</html>'],
      ['a proxy page with status 200 (JSON protocol)', OrganizationsClient, 200, 'text/html', '<html>Sign in</html>'],
      ['a plain-text 403 from a proxy (query protocol)', STSClient, 403, 'text/plain', 'Forbidden'],
      ['an empty 500', OrganizationsClient, 500, undefined, ''],
    ] as const)('%s', async (_case, Client, status, type, body) => {
      const failure = await thrownFor({ status, type, body }, Client);
      const error = toAwsarchError(failure, 'Reading the organization');
      expect(error).toMatchObject({
        code: 'aws-not-aws-response',
        exitCode: 1,
        message: `Reading the organization failed: HTTP ${status} from the endpoint: not an AWS API response`,
        details: { httpStatusCode: status },
        hint: expect.stringContaining('--endpoint-url'),
      });
      expect(error.message).not.toMatch(/Deserialization|\$response/);
    });

    it("a JSON error without an AWS error code is still one of AWS's (the SDK names it Unknown)", async () => {
      const failure = await thrownFor(
        { status: 404, type: 'application/json', body: '{"message":"no route"}' },
        OrganizationsClient,
      );
      expect(toAwsarchError(failure, 'x').code).toBe('aws-not-aws-response');
    });
  });

  it('other AWS errors: their name and first line, with the request id', () => {
    const sdk = new TooManyRequestsException({
      message: "AWS Organizations can't complete your request\nretry",
      $metadata: metadata,
    });
    expect(toAwsarchError(sdk, 'Creating the account')).toMatchObject({
      code: 'aws-error',
      message: "Creating the account failed: TooManyRequestsException: AWS Organizations can't complete your request",
      details: { awsError: 'TooManyRequestsException', requestId: 'req-123' },
    });
    expect(isAwsError(sdk, 'TooManyRequestsException')).toBe(true);
    expect(isAwsError(sdk, 'ThrottlingException')).toBe(false);
  });

  it('keeps AwsarchErrors, and does not blame AWS for a bug in awsarch or a thrown string', () => {
    const own = usageError(ERR.BAD_EMAIL, 'nope');
    expect(toAwsarchError(own, 'x')).toBe(own);
    const bug = toAwsarchError(new TypeError("Cannot read properties of undefined (reading 'Id')"), 'Reading the OU');
    expect(bug).toMatchObject({
      code: 'internal',
      message: "Reading the OU failed: Cannot read properties of undefined (reading 'Id')",
    });
    expect(toAwsarchError('boom', 'Reading the OU')).toMatchObject({
      code: 'internal',
      message: 'Reading the OU failed: boom',
    });
  });
});

describe('isAwsError', () => {
  it('matches by name, and anything named when no name is given', () => {
    expect(isAwsError({ name: 'ConcurrentModificationException' }, 'ConcurrentModificationException')).toBe(true);
    expect(isAwsError(undefined)).toBe(false);
    expect(isAwsError('ThrottlingException', 'ThrottlingException')).toBe(false);
  });
});

afterEach(() => {
  vi.unstubAllEnvs();
});
