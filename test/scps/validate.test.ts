import { describe, expect, test } from 'vitest';
import { loadBundledTemplates } from '../../src/scps/catalog.js';
import { renderTemplate } from '../../src/scps/render.js';
import { SCP_MAX_SIZE } from '../../src/scps/scp-quotas.js';
import { validatePolicyText, validateRendered } from '../../src/scps/validate.js';

const GOOD_STATEMENT = {
  Sid: 'DenyLeaving',
  Effect: 'Deny',
  Action: 'organizations:LeaveOrganization',
  Resource: '*',
  Condition: { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/BreakGlass' } },
};

const policy = (...statements: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);

async function issuesOf(text: string) {
  return (await validatePolicyText(text, 'Test', 'test.json')).issues;
}

describe('scp validate: a broken input for every rule', () => {
  test('a good policy has no issue', async () => {
    expect(await issuesOf(policy(GOOD_STATEMENT))).toEqual([]);
  });

  test.each([
    [
      'json-syntax',
      '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {"Effect": "Deny",, "Action": "*"}\n  ]\n}',
      '',
      { line: 4, column: 23 },
    ],
    ['json-syntax', '{"Version": "2012-10-17", "Statement": []', '', { line: 1, column: 42 }],
    [
      'duplicate-key',
      '{\n "Version": "2012-10-17",\n "Statement": [{"Effect": "Deny", "Action": "s3:PutObject", "Resource": "*",\n  "Condition": {"Bool": {"aws:SecureTransport": "false"}},\n  "Condition": {"Bool": {"aws:ViaAWSService": "false"}}}]}',
      'Statement[0].Condition',
      { line: 5, column: 3 },
    ],
    ['document-type', '[]', '', undefined],
    ['version', JSON.stringify({ Statement: [GOOD_STATEMENT] }), 'Version', undefined],
    ['version', JSON.stringify({ Version: '2008-10-17', Statement: [GOOD_STATEMENT] }), 'Version', undefined],
    ['statement', JSON.stringify({ Version: '2012-10-17' }), 'Statement', undefined],
    ['statement', JSON.stringify({ Version: '2012-10-17', Statement: [] }), 'Statement', undefined],
    ['statement', policy('not an object'), 'Statement[0]', undefined],
    [
      'unknown-element',
      JSON.stringify({ Version: '2012-10-17', Statement: [GOOD_STATEMENT], Statements: [] }),
      'Statements',
      undefined,
    ],
    ['unknown-element', policy({ ...GOOD_STATEMENT, Actions: ['s3:*'] }), 'Statement[0].Actions', undefined],
    ['unsupported-element', policy({ ...GOOD_STATEMENT, Principal: '*' }), 'Statement[0].Principal', undefined],
    [
      'unsupported-element',
      policy({ ...GOOD_STATEMENT, NotPrincipal: { AWS: '111122223333' } }),
      'Statement[0].NotPrincipal',
      undefined,
    ],
    ['effect', policy({ ...GOOD_STATEMENT, Effect: 'deny' }), 'Statement[0].Effect', undefined],
    ['effect', policy({ ...GOOD_STATEMENT, Effect: undefined }), 'Statement[0].Effect', undefined],
    ['action-element', policy({ ...GOOD_STATEMENT, Action: undefined }), 'Statement[0]', undefined],
    ['action-element', policy({ ...GOOD_STATEMENT, NotAction: 'iam:*' }), 'Statement[0].NotAction', undefined],
    ['action-element', policy({ ...GOOD_STATEMENT, Action: [] }), 'Statement[0].Action', undefined],
    ['action-element', policy({ ...GOOD_STATEMENT, Action: ['s3:GetObject', 7] }), 'Statement[0].Action[1]', undefined],
    [
      'action-format',
      policy({ ...GOOD_STATEMENT, Action: ['s3:GetObject', 's3-PutObject'] }),
      'Statement[0].Action[1]',
      undefined,
    ],
    [
      'resource-element',
      policy({ ...GOOD_STATEMENT, NotResource: 'arn:aws:s3:::x' }),
      'Statement[0].NotResource',
      undefined,
    ],
    [
      'resource-format',
      policy({ ...GOOD_STATEMENT, Resource: ['*', 'my-bucket'] }),
      'Statement[0].Resource[1]',
      undefined,
    ],
    ['sid', policy({ ...GOOD_STATEMENT, Sid: 'Deny-Leaving' }), 'Statement[0].Sid', undefined],
    ['sid', policy(GOOD_STATEMENT, GOOD_STATEMENT), 'Statement[1].Sid', undefined],
    [
      'condition-structure',
      policy({ ...GOOD_STATEMENT, Condition: 'aws:PrincipalArn' }),
      'Statement[0].Condition',
      undefined,
    ],
    [
      'condition-structure',
      policy({ ...GOOD_STATEMENT, Condition: { StringEquals: {} } }),
      'Statement[0].Condition.StringEquals',
      undefined,
    ],
    [
      'condition-operator',
      policy({ ...GOOD_STATEMENT, Condition: { StringEqual: { 'aws:RequestedRegion': 'us-east-1' } } }),
      'Statement[0].Condition.StringEqual',
      undefined,
    ],
    [
      'condition-operator',
      policy({ ...GOOD_STATEMENT, Condition: { NullIfExists: { 'aws:RequestTag/owner': 'true' } } }),
      'Statement[0].Condition.NullIfExists',
      undefined,
    ],
    [
      'condition-value',
      policy({ ...GOOD_STATEMENT, Condition: { Bool: { 'aws:SecureTransport': 'no' } } }),
      'Statement[0].Condition.Bool.aws:SecureTransport',
      undefined,
    ],
    [
      'condition-value',
      policy({ ...GOOD_STATEMENT, Condition: { NumericLessThan: { 's3:signatureAge': 'soon' } } }),
      'Statement[0].Condition.NumericLessThan.s3:signatureAge',
      undefined,
    ],
    [
      'condition-value',
      policy({ ...GOOD_STATEMENT, Condition: { IpAddress: { 'aws:SourceIp': 'office' } } }),
      'Statement[0].Condition.IpAddress.aws:SourceIp',
      undefined,
    ],
    [
      'condition-value',
      policy({ ...GOOD_STATEMENT, Condition: { StringEquals: { 'aws:RequestedRegion': [] } } }),
      'Statement[0].Condition.StringEquals.aws:RequestedRegion',
      undefined,
    ],
    ['action-unknown', policy({ ...GOOD_STATEMENT, Action: ['s3:PutObjetc'] }), 'Statement[0].Action[0]', undefined],
    ['action-unknown', policy({ ...GOOD_STATEMENT, Action: 's3:Purge*' }), 'Statement[0].Action', undefined],
    [
      'action-unknown',
      policy({ ...GOOD_STATEMENT, Action: 'simple-storage:GetObject' }),
      'Statement[0].Action',
      undefined,
    ],
    [
      'action-unknown',
      policy({ ...GOOD_STATEMENT, Action: undefined, NotAction: ['iam:*', 'sts:GetCallerIdentiy'] }),
      'Statement[0].NotAction[1]',
      undefined,
    ],
    [
      'condition-key-unknown',
      policy({ ...GOOD_STATEMENT, Condition: { StringNotEquals: { 'aws:RequestedRegions': 'us-east-1' } } }),
      'Statement[0].Condition.StringNotEquals.aws:RequestedRegions',
      undefined,
    ],
  ])('%s: %s', async (rule, text, path, position) => {
    const issues = await issuesOf(text);
    const found = issues.find((issue) => issue.rule === rule && issue.severity === 'error');
    expect(found, JSON.stringify(issues, null, 2)).toBeDefined();
    expect(found?.path).toBe(path);
    if (position) expect({ line: found?.line, column: found?.column }).toEqual(position);
  });

  test('errors in a file carry the line and column of the offending value', async () => {
    const text = policy({ ...GOOD_STATEMENT, Action: ['organizations:LeaveOrganization', 'ec2:RunInstance'] });
    const issue = (await issuesOf(text)).find((candidate) => candidate.rule === 'action-unknown');
    const line = text.split('\n').findIndex((candidate) => candidate.includes('"ec2:RunInstance"')) + 1;
    expect(issue).toMatchObject({
      path: 'Statement[0].Action[1]',
      line,
      column: (text.split('\n')[line - 1] ?? '').indexOf('"ec2:RunInstance"') + 1,
    });
    expect(issue?.message).toMatch(/did you mean ec2:RunInstances\?/);
    expect(issue?.message).toMatch(/a Deny on it protects nothing/);
  });

  test('a misspelt condition key gets a suggestion and says what it does to the statement', async () => {
    const issues = await issuesOf(
      policy({ ...GOOD_STATEMENT, Condition: { StringNotEquals: { 'aws:RequestedRegions': 'us-east-1' } } }),
    );
    expect(issues.find((issue) => issue.rule === 'condition-key-unknown')?.message).toMatch(
      /did you mean aws:RequestedRegion\?.*always holds/,
    );
  });
});

describe('scp validate: the size quota, measured after white space is removed', () => {
  const sized = (size: number) => {
    const base = JSON.stringify({ Version: '2012-10-17', Statement: [{ ...GOOD_STATEMENT, Sid: 'X' }] });
    const sid = 'S'.repeat(size - base.length + 1);
    return JSON.stringify({ Version: '2012-10-17', Statement: [{ ...GOOD_STATEMENT, Sid: sid }] }, null, 8);
  };

  test('indentation does not count; exactly 5,120 is fine, 5,121 is an error', async () => {
    const atLimit = await validatePolicyText(sized(SCP_MAX_SIZE), 'Big', 'big.json');
    expect(atLimit.size).toBe(SCP_MAX_SIZE);
    expect(atLimit.issues.filter((issue) => issue.rule === 'size').map((issue) => issue.severity)).toEqual(['warning']);
    const over = await validatePolicyText(sized(SCP_MAX_SIZE + 1), 'Big', 'big.json');
    expect(over.size).toBe(SCP_MAX_SIZE + 1);
    expect(over.issues.find((issue) => issue.rule === 'size')).toMatchObject({
      severity: 'error',
      message: expect.stringMatching(/5,121 of 5,120 characters/),
    });
  });

  test('below 90% of the quota there is no size warning', async () => {
    expect((await issuesOf(sized(4000))).some((issue) => issue.rule === 'size')).toBe(false);
  });
});

describe('scp validate: warnings for risky patterns', () => {
  test('a Deny that spares no break-glass role', async () => {
    const issues = await issuesOf(
      policy({ Sid: 'NoExit', Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' }),
    );
    expect(issues).toEqual([
      expect.objectContaining({ severity: 'warning', rule: 'deny-without-break-glass', path: 'Statement[0]' }),
    ]);
  });

  test('a Deny of every action without a condition', async () => {
    const issues = await issuesOf(policy({ Effect: 'Deny', Action: '*', Resource: '*' }));
    expect(issues).toEqual([expect.objectContaining({ severity: 'warning', rule: 'deny-all' })]);
  });

  test('a Deny limited to the root user needs no exemption', async () => {
    const issues = await issuesOf(
      policy({
        Effect: 'Deny',
        Action: '*',
        Resource: '*',
        Condition: { StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:root' } },
      }),
    );
    expect(issues).toEqual([]);
  });

  test('a condition key the actions do not support', async () => {
    const issues = await issuesOf(
      policy({
        ...GOOD_STATEMENT,
        Action: ['s3:PutObject', 's3:PutBucketOwnershipControls'],
        Condition: { ...GOOD_STATEMENT.Condition, StringEquals: { 's3:x-amz-acl': 'public-read' } },
      }),
    );
    expect(issues).toEqual([
      expect.objectContaining({
        severity: 'warning',
        rule: 'condition-key-not-applicable',
        path: 'Statement[0].Condition.StringEquals.s3:x-amz-acl',
        message: expect.stringMatching(/^s3:PutBucketOwnershipControls does not support s3:x-amz-acl.*never holds/),
      }),
    ]);
  });

  test('a statement without Resource', async () => {
    const issues = await issuesOf(policy({ ...GOOD_STATEMENT, Resource: undefined }));
    expect(issues).toEqual([expect.objectContaining({ severity: 'warning', rule: 'resource-missing' })]);
  });
});

describe('the bundled SCPs', () => {
  test('each validates without errors or warnings, within the size quota, with every Deny sparing a break-glass role', async () => {
    const templates = await loadBundledTemplates();
    expect(templates.map((source) => source.template.name)).toEqual([
      'DenyPublicS3',
      'DenyRootAccountUsage',
      'PreventSecurityChanges',
      'RequireEncryption',
      'RequireRegions',
      'RequireTags',
    ]);
    for (const source of templates) {
      const report = await validateRendered(renderTemplate(source.template), 'bundled', source.text);
      expect(report.issues, source.template.name).toEqual([]);
      expect(report.size).toBeLessThan(SCP_MAX_SIZE * 0.5);
    }
  });

  test('problems in a template are located in the template file', async () => {
    const [source] = await loadBundledTemplates();
    if (!source) throw new Error('no bundled template');
    const broken = {
      ...source.template,
      document: { ...source.template.document, Statement: [{ Effect: 'Deny', Action: 's3:PutObjetc', Resource: '*' }] },
    };
    const text = JSON.stringify(broken, null, 2);
    const report = await validateRendered(renderTemplate(broken), 'broken.json', text);
    const issue = report.issues.find((candidate) => candidate.rule === 'action-unknown');
    expect(issue?.line).toBe(text.split('\n').findIndex((line) => line.includes('s3:PutObjetc')) + 1);
  });
});
