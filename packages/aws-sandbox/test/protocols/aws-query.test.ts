import { describe, expect, test } from 'vitest';
import { SandboxServiceError } from '../../src/errors.js';
import { awsQueryProtocol } from '../../src/protocols/aws-query.js';
import { stsService } from '../../src/services/sts.js';
import type { ProtocolRequest } from '../../src/types.js';

function formRequest(body: string, query = ''): ProtocolRequest {
  return {
    method: 'POST',
    path: '/',
    query: new URLSearchParams(query),
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body: Buffer.from(body),
  };
}

describe('awsQuery', () => {
  test('decodes Action and the members, leaving out Version and presigning parameters', () => {
    const decoded = awsQueryProtocol.decode(
      stsService,
      formRequest(
        'Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fr&DurationSeconds=900&Tags.member.1.Key=a&Tags.member.1.Value=b',
        'X-Amz-Date=20260101T000000Z',
      ),
    );
    expect(decoded).toEqual({
      operation: 'AssumeRole',
      input: { RoleArn: 'arn:aws:iam::1:role/r', DurationSeconds: '900', Tags: [{ Key: 'a', Value: 'b' }] },
    });
  });

  test('encodes output in <OpResponse><OpResult> with ResponseMetadata and x-amzn-RequestId', () => {
    const response = awsQueryProtocol.encodeOutput(
      stsService,
      'GetCallerIdentity',
      { Account: '1', Arn: 'a<b' },
      'req-1',
    );
    expect(response.status).toBe(200);
    expect(response.headers).toEqual({ 'content-type': 'text/xml', 'x-amzn-requestid': 'req-1' });
    expect(response.body).toBe(
      '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Account>1</Account>' +
        '<Arn>a&lt;b</Arn></GetCallerIdentityResult><ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></GetCallerIdentityResponse>',
    );
    expect(awsQueryProtocol.encodeOutput(stsService, 'DeleteThing', undefined, 'req-2').body).toBe(
      '<DeleteThingResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><ResponseMetadata><RequestId>req-2</RequestId></ResponseMetadata></DeleteThingResponse>',
    );
  });

  test('encodes errors as <ErrorResponse> with Sender for client and Receiver for server faults', () => {
    const client = awsQueryProtocol.encodeError(
      stsService,
      new SandboxServiceError('AccessDenied', 'no & never', { status: 403 }),
      'r',
    );
    expect(client.status).toBe(403);
    expect(client.body).toBe(
      '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>AccessDenied</Code>' +
        '<Message>no &amp; never</Message></Error><RequestId>r</RequestId></ErrorResponse>',
    );
    const server = awsQueryProtocol.encodeError(
      stsService,
      new SandboxServiceError('InternalFailure', 'x', { status: 500 }),
      'r',
    );
    expect(server.body).toContain('<Type>Receiver</Type>');
    expect(
      awsQueryProtocol.encodeError(stsService, new SandboxServiceError('Throttling', 'Rate exceeded'), 'r').status,
    ).toBe(400);
  });

  test('an unknown Action is InvalidAction naming the operation and version; no Action is MissingAction', () => {
    expect(
      awsQueryProtocol.unknownOperation(stsService, formRequest('Action=Nope&Version=2011-06-15'), 'Nope'),
    ).toEqual({
      code: 'InvalidAction',
      status: 400,
      message: 'Could not find operation Nope for version 2011-06-15',
    });
    expect(awsQueryProtocol.unknownOperation(stsService, formRequest('Version=2011-06-15'), undefined).code).toBe(
      'MissingAction',
    );
  });
});
