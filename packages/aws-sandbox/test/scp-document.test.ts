import { describe, expect, it } from 'vitest';
import { scpDocumentProblem } from '../src/services/organizations/scp-document.js';

const statement = { Effect: 'Deny', Action: 's3:*', Resource: '*' };
const policy = (...statements: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

describe('SCP syntax (Organizations MalformedPolicyDocumentException)', () => {
  it.each([
    [
      'Allow with conditions, resource ARNs and NotAction',
      {
        Effect: 'Allow',
        NotAction: 'iam:*',
        Resource: 'arn:aws:s3:::b/*',
        Condition: { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } },
      },
    ],
    [
      'wildcards at the start or middle of an action',
      { Effect: 'Deny', Action: ['ec2:*Instances', 's3:Get*Acl'], Resource: '*' },
    ],
    [
      'NotResource',
      { Effect: 'Deny', Action: 'bedrock:InvokeModel', NotResource: 'arn:aws:bedrock:*::foundation-model/x' },
    ],
    [
      'set operators and IfExists',
      {
        Effect: 'Deny',
        Action: '*',
        Condition: {
          'ForAnyValue:StringLikeIfExists': { 'aws:TagKeys': ['a*'] },
          Null: { 'aws:RequestTag/owner': 'true' },
        },
      },
    ],
  ])('accepts %s', (_label, accepted) => {
    expect(scpDocumentProblem(policy(accepted))).toBeUndefined();
  });

  it('accepts a single statement object and counts nothing but the JSON (a byte order mark is ignored)', () => {
    expect(
      scpDocumentProblem(`\uFEFF${JSON.stringify({ Version: '2012-10-17', Statement: statement })}`),
    ).toBeUndefined();
  });

  it.each([
    ['invalid JSON', '{"Version": "2012-10-17",', /^invalid JSON/],
    ['a trailing comma', '{"Version": "2012-10-17", "Statement": [],}', /^invalid JSON/],
    ['no Version', JSON.stringify({ Statement: [statement] }), /Version is missing/],
    ['Version 2008-10-17', JSON.stringify({ Version: '2008-10-17', Statement: [statement] }), /Version must be/],
    ['a Principal', policy({ ...statement, Principal: '*' }), /Principal is not supported/],
    [
      'a NotPrincipal at the top',
      JSON.stringify({ Version: '2012-10-17', NotPrincipal: '*', Statement: [statement] }),
      /NotPrincipal is not supported/,
    ],
    ['an unknown element', policy({ ...statement, Actions: 's3:*' }), /"Actions" is not a policy element/],
    ['an empty Statement list', policy(), /Statement is an empty list/],
    ['a lower-case effect', policy({ ...statement, Effect: 'deny' }), /Effect must be/],
    ['Action and NotAction together', policy({ ...statement, NotAction: 'iam:*' }), /Action or NotAction, not both/],
    ['no action at all', policy({ Effect: 'Deny', Resource: '*' }), /needs Action or NotAction/],
    ['an action without its service', policy({ ...statement, Action: 'GetObject' }), /is not an action/],
    ['a resource that is no ARN', policy({ ...statement, Resource: 'my-bucket' }), /neither \* nor an ARN/],
    ['a duplicate Sid', policy({ ...statement, Sid: 'A' }, { ...statement, Sid: 'A' }), /not unique/],
    ['a Sid with a dash', policy({ ...statement, Sid: 'a-b' }), /Sid may contain only/],
    [
      'an unknown operator',
      policy({ ...statement, Condition: { StringEqualz: { k: 'v' } } }),
      /not a condition operator/,
    ],
    [
      'Null with IfExists',
      policy({ ...statement, Condition: { NullIfExists: { k: 'true' } } }),
      /not a condition operator/,
    ],
    [
      'a Bool that is not true or false',
      policy({ ...statement, Condition: { Bool: { 'aws:SecureTransport': 'yes' } } }),
      /Bool does not accept/,
    ],
    [
      'an empty operator block',
      policy({ ...statement, Condition: { StringEquals: {} } }),
      /at least one condition key/,
    ],
  ])('refuses %s', (_label, content, problem) => {
    expect(scpDocumentProblem(content)).toMatch(problem);
  });
});
