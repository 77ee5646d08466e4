import { describe, expect, test } from 'vitest';
import { restXmlProtocol } from '../../../src/sandbox/protocols/rest-xml.js';
import { SandboxServiceError } from '../../../src/sandbox/errors.js';
import { parseXmlDocument } from '../../../src/sandbox/xml-parse.js';
import type { ServiceDefinition } from '../../../src/sandbox/types.js';

const service: ServiceDefinition = {
  name: 'files',
  signingName: 'files',
  iamPrefix: 'files',
  protocol: 'restXml',
  xmlNamespace: 'urn:test',
  throttlingError: { code: 'SlowDown', status: 503, message: 'slow down' },
  accessDeniedError: { code: 'AccessDenied', status: 403 },
  routes: [
    { method: 'PUT', path: '/{Bucket}?policy', operation: 'PutPolicy', payloadMember: 'Policy' },
    { method: 'PUT', path: '/{Bucket}', operation: 'Create', payloadMember: 'Configuration', inputHeaders: { 'x-amz-acl': 'ACL' }, outputHeaders: { Location: 'location' } },
    { method: 'GET', path: '/{Bucket}', operation: 'Describe', xmlRoot: 'DescribeResult' },
  ],
  operations: {},
};

const request = (method: string, path: string, body = '', headers: Record<string, string> = {}) => ({
  method,
  path: path.split('?')[0] as string,
  query: new URLSearchParams(path.split('?')[1] ?? ''),
  headers,
  body: Buffer.from(body),
});

describe('restXml', () => {
  test('routes by method, path and query flag, reading labels, headers and the payload', () => {
    expect(restXmlProtocol.decode(service, request('PUT', '/logs?policy', '{"Statement":[]}'))).toEqual({ operation: 'PutPolicy', input: { Bucket: 'logs', Policy: '{"Statement":[]}' } });
    expect(
      restXmlProtocol.decode(service, request('PUT', '/logs/', '<Configuration xmlns="x"><LocationConstraint>eu-west-1</LocationConstraint></Configuration>', { 'x-amz-acl': 'private' })),
    ).toEqual({ operation: 'Create', input: { Bucket: 'logs', ACL: 'private', Configuration: { LocationConstraint: 'eu-west-1' } } });
    expect(restXmlProtocol.decode(service, request('DELETE', '/logs')).operation).toBeUndefined();
  });

  test('writes header members, XML documents and S3-shaped errors', () => {
    const created = restXmlProtocol.encodeOutput(service, 'Create', { Location: '/logs' }, 'req-1');
    expect(created).toMatchObject({ status: 200, body: '', headers: { location: '/logs', 'x-amz-request-id': 'req-1' } });
    const described = restXmlProtocol.encodeOutput(service, 'Describe', { Name: 'a&b' }, 'req-2');
    expect(described.body).toContain('<DescribeResult xmlns="urn:test"><Name>a&amp;b</Name></DescribeResult>');
    const error = restXmlProtocol.encodeError(service, new SandboxServiceError('NoSuchBucket', 'The specified bucket does not exist', { status: 404, extra: { BucketName: 'x' } }), 'req-3');
    expect(error.status).toBe(404);
    expect(error.body).toContain('<Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist</Message><BucketName>x</BucketName><RequestId>req-3</RequestId>');
  });

  test('parses small XML documents with repeated elements and entities', () => {
    expect(parseXmlDocument('<?xml version="1.0"?><A><B>1</B><B>2 &amp; 3</B><C/></A>')).toEqual({ root: 'A', value: { B: ['1', '2 & 3'], C: '' } });
    expect(() => parseXmlDocument('<A><B></A>')).toThrow();
  });
});
