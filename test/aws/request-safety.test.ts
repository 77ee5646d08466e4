import { DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { GetObjectCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { ConfiguredRetryStrategy } from '@smithy/util-retry';
import { afterEach, describe, expect, it } from 'vitest';
import { toAwsarchError } from '../../src/aws/aws-errors.js';
import { AwsClients, type AwsTarget } from '../../src/aws/clients.js';
import { AFTER_INTERRUPT, looksLikeAwsResponse } from '../../src/aws/request-safety.js';
import { FAKE_CREDENTIALS } from '../helpers/context.js';
import { startHtmlServer, startSilentServer, type TestServer } from '../helpers/unresponsive-servers.js';

const servers: TestServer[] = [];
const factories: AwsClients[] = [];

afterEach(async () => {
  for (const factory of factories.splice(0)) factory.destroy();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(server: Promise<TestServer>): Promise<TestServer> {
  const started = await server;
  servers.push(started);
  return started;
}

function clientsFor(endpoint: string, target: Partial<AwsTarget> = {}): AwsClients {
  const clients = new AwsClients({
    region: 'us-east-1',
    endpoint,
    credentials: FAKE_CREDENTIALS,
    accessRole: 'OrganizationAccountAccessRole',
    userAgent: 'awsarch-test',
    // The SDK's own attempts, with short pauses between them.
    clientConfig: { retryStrategy: new ConfiguredRetryStrategy(3, 10) },
    ...target,
  });
  factories.push(clients);
  return clients;
}

describe('every AWS request has a timeout', () => {
  it('ends a request to an endpoint that accepts and never answers, after the SDK retried it', async () => {
    const silent = await serve(startSilentServer());
    const aws = clientsFor(silent.endpoint, { requestTimeoutMs: 200 });
    const failure = await aws
      .client(OrganizationsClient)
      .send(new ListAccountsCommand({}))
      .catch((error: unknown) => error);
    const mapped = toAwsarchError(failure, 'Listing accounts');
    expect(mapped).toMatchObject({
      code: 'aws-timeout',
      exitCode: 1,
      message: `Listing accounts failed: no answer from ${silent.endpoint} for Organizations.ListAccounts within 200ms (3 attempts)`,
    });
    // Each attempt had its own connection: the SDK retried the timeout as a transient error.
    expect(silent.connections).toBe(3);
  });
});

describe('Ctrl-C ends every call at once', () => {
  it('rejects a call in flight when the signal aborts, and a call made afterwards at once', async () => {
    const silent = await serve(startSilentServer());
    const controller = new AbortController();
    const aws = clientsFor(silent.endpoint, { signal: controller.signal });
    const sts = aws.client(STSClient);
    const call = sts.send(new GetCallerIdentityCommand({})).catch((error: unknown) => error);
    await silent.arrived();
    controller.abort(new Error('interrupted'));
    const failure = await call;
    expect(toAwsarchError(failure, 'Reading the caller')).toMatchObject({ code: 'interrupted', exitCode: 130 });
    await expect(sts.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('lets cleanup calls (AFTER_INTERRUPT) through after Ctrl-C, bounded by the request timeout', async () => {
    const html = await serve(startHtmlServer(404));
    const controller = new AbortController();
    controller.abort(new Error('interrupted'));
    const aws = clientsFor(html.endpoint, { signal: controller.signal });
    const failure = await aws
      .client(STSClient)
      .send(new GetCallerIdentityCommand({}), AFTER_INTERRUPT)
      .catch((error: unknown) => error);
    // It reached the server (and was refused there), rather than being cut off by the signal.
    expect(html.requests).toHaveLength(1);
    expect(failure).toMatchObject({ name: 'NotAnAwsResponseError' });
  });
});

describe('an answer that is not from an AWS API', () => {
  it.each([
    ['Organizations (JSON)', OrganizationsClient, () => new ListAccountsCommand({}), 'Organizations.ListAccounts'],
    ['EC2 (EC2 query)', EC2Client, () => new DescribeVpcsCommand({}), 'EC2.DescribeVpcs'],
    ['STS (query)', STSClient, () => new GetCallerIdentityCommand({}), 'STS.GetCallerIdentity'],
    ['S3 (REST XML)', S3Client, () => new ListBucketsCommand({}), 'S3.ListBuckets'],
  ] as const)('is named as such for %s, whatever the status', async (_name, Client, command, operation) => {
    for (const status of [404, 200]) {
      const html = await serve(startHtmlServer(status));
      const client = clientsFor(html.endpoint).client(Client as any, { config: { forcePathStyle: true } }) as any;
      const failure = await client.send(command()).catch((error: unknown) => error);
      expect(toAwsarchError(failure, 'Reading')).toMatchObject({
        code: 'aws-not-aws-response',
        message: `Reading failed: HTTP ${status} from ${html.endpoint} for ${operation}: not an AWS API response`,
      });
    }
  });

  it.each([
    ['Organizations (JSON)', OrganizationsClient, () => new ListAccountsCommand({}), 'Organizations.ListAccounts'],
    ['EC2 (EC2 query)', EC2Client, () => new DescribeVpcsCommand({}), 'EC2.DescribeVpcs'],
    ['STS (query)', STSClient, () => new GetCallerIdentityCommand({}), 'STS.GetCallerIdentity'],
  ] as const)(
    'is named as such for %s when it is plain text the SDK cannot read',
    async (_n, Client, command, operation) => {
      const text = await serve(startHtmlServer(404, 'text/plain'));
      const client = clientsFor(text.endpoint).client(Client as any) as any;
      const failure = await client.send(command()).catch((error: unknown) => error);
      expect(toAwsarchError(failure, 'Reading').message).toBe(
        `Reading failed: HTTP 404 from ${text.endpoint} for ${operation}: not an AWS API response`,
      );
    },
  );

  it('is named the same way when the SDK reads an answer as an unknown error (an empty 500, JSON without an error code)', async () => {
    for (const [type, body] of [
      [undefined, ''],
      ['application/json', '{"message":"no route"}'],
    ] as const) {
      const answer = await serve(startHtmlServer(404, type, body));
      const failure = await clientsFor(answer.endpoint)
        .client(OrganizationsClient)
        .send(new ListAccountsCommand({}))
        .catch((error: unknown) => error);
      expect(toAwsarchError(failure, 'Listing')).toMatchObject({
        code: 'aws-not-aws-response',
        message: `Listing failed: HTTP 404 from ${answer.endpoint} for Organizations.ListAccounts: not an AWS API response`,
        details: { httpStatusCode: 404, endpoint: answer.endpoint, operation: 'Organizations.ListAccounts' },
      });
    }
  });

  it("retries a proxy's 503 page like AWS's own 503, then names it", async () => {
    const html = await serve(startHtmlServer(503));
    const failure = await clientsFor(html.endpoint)
      .client(OrganizationsClient)
      .send(new ListAccountsCommand({}))
      .catch((error: unknown) => error);
    expect(html.requests).toHaveLength(3);
    expect(toAwsarchError(failure, 'Listing').message).toBe(
      `Listing failed: HTTP 503 from ${html.endpoint} for Organizations.ListAccounts: not an AWS API response`,
    );
  });

  it('accepts an S3 object that happens to be an HTML page', async () => {
    const html = await serve(startHtmlServer(200));
    const object = await clientsFor(html.endpoint)
      .client(S3Client, { config: { forcePathStyle: true } })
      .send(new GetObjectCommand({ Bucket: 'site', Key: 'index.html' }));
    expect(await object.Body?.transformToString()).toContain('<!DOCTYPE html>');
  });

  it.each([
    [{ operation: 'Organizations.ListAccounts', status: 200, contentType: 'application/x-amz-json-1.1' }, true],
    [{ operation: 'EC2.DescribeVpcs', status: 200, contentType: 'text/xml;charset=UTF-8' }, true],
    [{ operation: 'Organizations.ListAccounts', status: 404, contentType: 'text/html; charset=utf-8' }, false],
    [{ operation: 'S3.ListBuckets', status: 200, contentType: 'text/html' }, false],
    [{ operation: 'S3.GetObject', status: 403, contentType: 'text/html' }, false],
    [{ operation: 'S3.GetObject', status: 200, contentType: 'text/html' }, true],
  ])('looksLikeAwsResponse(%o) is %s', (answer, expected) => {
    expect(looksLikeAwsResponse(answer)).toBe(expected);
  });
});
