import {
  CreateDetectorCommand,
  DeleteDetectorCommand,
  GetDetectorCommand,
  GuardDutyClient,
  ListDetectorsCommand,
  paginateListDetectors,
} from '@aws-sdk/client-guardduty';
import { describe, expect, test } from 'vitest';
import { SandboxServiceError } from '../../src/errors.js';
import { matchRestRoute, restJsonProtocol } from '../../src/protocols/rest-json.js';
import type { RestRoute } from '../../src/types.js';
import { guardDutyTestService } from '../fixtures/test-services.js';
import { clientConfig, failureOf, startSandboxWithServices, type ClientOptions } from '../helpers.js';

const guardDuty = (sandbox: { endpoint: string }, options: ClientOptions = {}) =>
  new GuardDutyClient(clientConfig(sandbox, options));

describe('restJson1 with the real GuardDuty client', () => {
  test('routes by method and URI template; input from labels, query string and JSON body', async () => {
    const sandbox = await startSandboxWithServices([guardDutyTestService]);
    const client = guardDuty(sandbox);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push(
        (await client.send(new CreateDetectorCommand({ Enable: i !== 1, FindingPublishingFrequency: 'ONE_HOUR' })))
          .DetectorId ?? '',
      );
    }
    const detector = await client.send(new GetDetectorCommand({ DetectorId: ids[1] }));
    expect(detector).toMatchObject({
      Status: 'DISABLED',
      FindingPublishingFrequency: 'ONE_HOUR',
      CreatedAt: expect.stringMatching(/^\d{4}-/),
    });
    const collected: string[] = [];
    for await (const page of paginateListDetectors({ client, pageSize: 2 }, {}))
      collected.push(...(page.DetectorIds ?? []));
    expect(collected).toEqual(ids);
    await client.send(new DeleteDetectorCommand({ DetectorId: ids[0] }));
    expect((await client.send(new ListDetectorsCommand({}))).DetectorIds).toEqual(ids.slice(1));
    expect(sandbox.calls.map((call) => call.operation)).toEqual([
      'CreateDetector',
      'CreateDetector',
      'CreateDetector',
      'GetDetector',
      'ListDetectors',
      'ListDetectors',
      'DeleteDetector',
      'ListDetectors',
    ]);
  });

  test('errors carry x-amzn-ErrorType and a JSON message with the error status', async () => {
    const sandbox = await startSandboxWithServices([guardDutyTestService]);
    const error = await failureOf(guardDuty(sandbox).send(new GetDetectorCommand({ DetectorId: 'missing' })));
    expect(error.name).toBe('BadRequestException');
    expect(error.message).toBe(
      'The request is rejected because the input detectorId is not owned by the current account.',
    );
    expect(error.$metadata.httpStatusCode).toBe(400);

    const raw = restJsonProtocol.encodeError(
      guardDutyTestService,
      new SandboxServiceError('ResourceNotFoundException', 'gone', { status: 404 }),
      'r',
    );
    expect(raw).toEqual({
      status: 404,
      headers: {
        'content-type': 'application/json',
        'x-amzn-requestid': 'r',
        'x-amzn-errortype': 'ResourceNotFoundException',
      },
      body: '{"message":"gone"}',
    });
  });

  test('unknown routes and unknown credentials', async () => {
    const sandbox = await startSandboxWithServices([guardDutyTestService]);
    const unknown = await failureOf(
      guardDuty(sandbox, {
        credentials: { accessKeyId: 'ASIANOTISSUED0000000', secretAccessKey: 'x', sessionToken: 'y' },
      }).send(new ListDetectorsCommand({})),
    );
    expect(unknown.name).toBe('UnrecognizedClientException');
    expect(unknown.$metadata.httpStatusCode).toBe(403);
    const response = await fetch(`${sandbox.endpoint}/nowhere`, {
      headers: {
        authorization:
          'AWS4-HMAC-SHA256 Credential=AKIAAWSARCHSANDBOX01/20260101/us-east-1/guardduty/aws4_request, SignedHeaders=host, Signature=0',
      },
    });
    expect(response.status).toBe(404);
    expect(response.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
  });
});

describe('matchRestRoute', () => {
  const routes: RestRoute[] = [
    { method: 'GET', path: '/tags/{ResourceArn+}', operation: 'ListTags' },
    { method: 'PUT', path: '/{Bucket}?tagging', operation: 'PutBucketTagging' },
    { method: 'PUT', path: '/{Bucket}', operation: 'CreateBucket' },
    { method: 'GET', path: '/detector/{DetectorId}/member/{AccountId}', operation: 'GetMember' },
  ];
  const match = (method: string, path: string, query = '') =>
    matchRestRoute(routes, method, path, new URLSearchParams(query));

  test('labels are decoded; greedy labels take the rest of the path', () => {
    expect(match('GET', '/tags/arn%3Aaws%3Asns%3Aus-east-1%3A1%3Atopic/a/b')).toEqual({
      route: routes[0],
      labels: { ResourceArn: 'arn:aws:sns:us-east-1:1:topic/a/b' },
    });
    expect(match('GET', '/detector/d1/member/123')?.labels).toEqual({ DetectorId: 'd1', AccountId: '123' });
  });

  test('literal query keys select between routes; method, length and empty labels must match', () => {
    expect(match('PUT', '/bucket', 'tagging')?.route.operation).toBe('PutBucketTagging');
    expect(match('PUT', '/bucket')?.route.operation).toBe('CreateBucket');
    expect(match('DELETE', '/bucket')).toBeUndefined();
    expect(match('GET', '/detector/d1/member')).toBeUndefined();
    expect(match('GET', '/detector//member/1')).toBeUndefined();
    expect(match('GET', '/tags/')).toBeUndefined();
  });
});
