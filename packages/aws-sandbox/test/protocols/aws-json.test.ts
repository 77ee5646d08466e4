import { describe, expect, test } from 'vitest';
import { SandboxServiceError } from '../../src/errors.js';
import { createAwsJsonProtocol } from '../../src/protocols/aws-json.js';
import { organizationsService } from '../../src/services/organizations.js';
import type { ProtocolRequest, ServiceDefinition } from '../../src/types.js';

const json11 = createAwsJsonProtocol('1.1');

function jsonRequest(target: string | undefined, body: string): ProtocolRequest {
  return {
    method: 'POST',
    path: '/',
    query: new URLSearchParams(),
    headers: { 'content-type': 'application/x-amz-json-1.1', ...(target ? { 'x-amz-target': target } : {}) },
    body: Buffer.from(body),
  };
}

describe('awsJson', () => {
  test('decodes the operation from X-Amz-Target and the JSON body; a foreign prefix names no operation', () => {
    expect(
      json11.decode(organizationsService, jsonRequest('AWSOrganizationsV20161128.ListAccounts', '{"MaxResults":5}')),
    ).toEqual({
      operation: 'ListAccounts',
      input: { MaxResults: 5 },
    });
    expect(
      json11.decode(organizationsService, jsonRequest('DynamoDB_20120810.ListTables', '')).operation,
    ).toBeUndefined();
    expect(json11.decode(organizationsService, jsonRequest(undefined, '')).operation).toBeUndefined();
  });

  test('malformed JSON is SerializationException', () => {
    expect(() =>
      json11.decode(organizationsService, jsonRequest('AWSOrganizationsV20161128.ListAccounts', '{')),
    ).toThrow(SandboxServiceError);
    expect(() =>
      json11.decode(organizationsService, jsonRequest('AWSOrganizationsV20161128.ListAccounts', '[1]')),
    ).toThrow('Start of structure or map found where not expected.');
  });

  test('timestamps are epoch seconds with milliseconds; null members are dropped', () => {
    const response = json11.encodeOutput(
      organizationsService,
      'X',
      { When: new Date(1_700_000_000_123), List: [{ At: new Date(0) }], Gone: undefined },
      'id',
    );
    expect(response.headers).toEqual({ 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'id' });
    expect(JSON.parse(response.body)).toEqual({ When: 1_700_000_000.123, List: [{ At: 0 }] });
    expect(createAwsJsonProtocol('1.0').encodeOutput(organizationsService, 'X', undefined, 'id')).toMatchObject({
      body: '{}',
      headers: { 'content-type': 'application/x-amz-json-1.0' },
    });
  });

  test('errors are {"__type", message} plus extra members, with the service\'s message member name and status', () => {
    const error = new SandboxServiceError('ConstraintViolationException', 'too deep', {
      status: 400,
      extra: { Reason: 'OU_DEPTH_LIMIT_EXCEEDED' },
    });
    const organizations = json11.encodeError(organizationsService, error, 'id');
    expect(organizations.status).toBe(400);
    expect(JSON.parse(organizations.body)).toEqual({
      __type: 'ConstraintViolationException',
      Message: 'too deep',
      Reason: 'OU_DEPTH_LIMIT_EXCEEDED',
    });
    const lowerCase: ServiceDefinition = { ...organizationsService, errorMessageMember: undefined };
    const other = json11.encodeError(
      lowerCase,
      new SandboxServiceError('ResourceNotFoundException', 'gone', { status: 404 }),
      'id',
    );
    expect(other.status).toBe(404);
    expect(JSON.parse(other.body)).toEqual({ __type: 'ResourceNotFoundException', message: 'gone' });
  });
});
