import { describe, expect, it } from 'vitest';
import {
  broadensPermissions,
  permissionChanges,
  templatePermissions,
} from '../../../src/workloads/permission-changes.js';
import { constructPaths, renderValue } from '../../../src/workloads/template-intrinsics.js';
import { permissionChangeLines, permissionChangeText } from '../../../src/ui/views/permission-changes.js';

const meta = (path: string) => ({ 'aws:cdk:path': path });

/** A stack as the CDK synthesizes it: a table, a function role with a policy, a queue policy, a security group. */
function ordersTemplate(extraStatements: unknown[] = []) {
  return {
    Resources: {
      Table1A2B: { Type: 'AWS::DynamoDB::Table', Properties: {}, Metadata: meta('Orders/Table/Resource') },
      HandlerRoleC0FF: {
        Type: 'AWS::IAM::Role',
        Metadata: meta('Orders/Handler/ServiceRole/Resource'),
        Properties: {
          AssumeRolePolicyDocument: {
            Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'lambda.amazonaws.com' } }],
          },
          ManagedPolicyArns: [
            {
              'Fn::Join': [
                '',
                ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
              ],
            },
          ],
        },
      },
      HandlerRoleDefaultPolicyBEEF: {
        Type: 'AWS::IAM::Policy',
        Metadata: meta('Orders/Handler/ServiceRole/DefaultPolicy/Resource'),
        Properties: {
          Roles: [{ Ref: 'HandlerRoleC0FF' }],
          PolicyDocument: {
            Statement: [
              {
                Effect: 'Allow',
                Action: ['dynamodb:PutItem', 'dynamodb:Query'],
                Resource: [
                  { 'Fn::GetAtt': ['Table1A2B', 'Arn'] },
                  {
                    'Fn::If': [
                      'UseOtherTable',
                      { 'Fn::Sub': 'arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${Other}' },
                      { 'Fn::GetAtt': ['Table1A2B', 'Arn'] },
                    ],
                  },
                ],
              },
              ...extraStatements,
            ],
          },
        },
      },
      DlqPolicy9: {
        Type: 'AWS::SQS::QueuePolicy',
        Metadata: meta('Orders/Dlq/Policy/Resource'),
        Properties: {
          Queues: [{ Ref: 'Dlq' }],
          PolicyDocument: {
            Statement: [
              {
                Effect: 'Deny',
                Action: 'sqs:*',
                Principal: { AWS: '*' },
                Resource: { 'Fn::GetAtt': ['Dlq', 'Arn'] },
                Condition: { Bool: { 'aws:SecureTransport': 'false' } },
              },
            ],
          },
        },
      },
      Dlq: { Type: 'AWS::SQS::Queue', Metadata: meta('Orders/Dlq/Resource') },
      Sg: {
        Type: 'AWS::EC2::SecurityGroup',
        Metadata: meta('Orders/Sg/Resource'),
        Properties: { SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '10.0.0.0/8' }] },
      },
      Invoke: {
        Type: 'AWS::Lambda::Permission',
        Metadata: meta('Orders/Handler/ApiPermission'),
        Properties: {
          Action: 'lambda:InvokeFunction',
          FunctionName: { 'Fn::GetAtt': ['Handler', 'Arn'] },
          Principal: 'apigateway.amazonaws.com',
          SourceArn: { 'Fn::Join': ['', ['arn:aws:execute-api:us-east-1:1:', { Ref: 'Api' }, '/*/*/orders']] },
        },
      },
      Handler: { Type: 'AWS::Lambda::Function', Metadata: meta('Orders/Handler/Function/Resource') },
      Api: { Type: 'AWS::ApiGatewayV2::Api', Metadata: meta('Orders/Http/Api/Resource') },
    },
  };
}

describe('rendering template values by construct path', () => {
  const paths = constructPaths(ordersTemplate());

  it('renders Ref, GetAtt, Join, Sub and If readably, never as raw JSON', () => {
    expect(renderValue({ 'Fn::GetAtt': ['Table1A2B', 'Arn'] }, paths)).toBe('${Orders/Table.Arn}');
    expect(renderValue({ 'Fn::GetAtt': 'Table1A2B.StreamArn' }, paths)).toBe('${Orders/Table.StreamArn}');
    expect(renderValue({ Ref: 'HandlerRoleC0FF' }, paths)).toBe('${Orders/Handler/ServiceRole}');
    expect(renderValue({ Ref: 'AWS::Region' }, paths)).toBe('${AWS::Region}');
    expect(renderValue({ 'Fn::Join': [':', ['a', { Ref: 'Dlq' }]] }, paths)).toBe('a:${Orders/Dlq}');
    expect(renderValue({ 'Fn::Sub': 'arn:${AWS::Partition}:sqs:${Dlq.Arn}/${Unknown}' }, paths)).toBe(
      'arn:${AWS::Partition}:sqs:${Orders/Dlq.Arn}/${Unknown}',
    );
    expect(renderValue({ 'Fn::Sub': ['x-${Name}', { Name: { Ref: 'Dlq' } }] }, paths)).toBe('x-${Orders/Dlq}');
    const conditional = renderValue({ 'Fn::If': ['IsProd', { Ref: 'Dlq' }, { Ref: 'AWS::NoValue' }] }, paths);
    expect(conditional).toBe('If(IsProd, ${Orders/Dlq}, ${AWS::NoValue})');
    expect(renderValue({ 'Fn::ImportValue': 'SharedBus' }, paths)).toBe('ImportValue(SharedBus)');
    expect(conditional).not.toMatch(/"Fn::|\{"/);
  });
});

describe('permission changes between the deployed and the synthesized template', () => {
  it('lists every grant of a new stack: statements, trust, managed policies, resource policies, security groups', () => {
    const changes = permissionChanges([{ stack: 'Orders', deployed: {}, synthesized: ordersTemplate() }]);
    const lines = changes.map(permissionChangeText);
    expect(lines).toEqual(
      expect.arrayContaining([
        '+ Allow sts:AssumeRole on Orders/Handler/ServiceRole to Service:lambda.amazonaws.com',
        '+ managed policy arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole attached to Orders/Handler/ServiceRole',
        '+ Allow dynamodb:PutItem dynamodb:Query on ${Orders/Table.Arn}, If(UseOtherTable, arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${Other}, ${Orders/Table.Arn}) to Orders/Handler/ServiceRole',
        '+ Deny sqs:* on ${Orders/Dlq.Arn} to AWS:* if Bool aws:SecureTransport=false',
        '+ ingress tcp 443 from 10.0.0.0/8 on Orders/Sg',
        '+ Allow lambda:InvokeFunction on ${Orders/Handler/Function.Arn} to apigateway.amazonaws.com if ArnLike AWS:SourceArn=arn:aws:execute-api:us-east-1:1:${Orders/Http/Api}/*/*/orders',
      ]),
    );
    expect(changes).toHaveLength(6);
    expect(changes.every((change) => change.stack === 'Orders' && change.change === 'add')).toBe(true);
    expect(changes.find((change) => change.effect === 'Deny')).toMatchObject({
      source: 'Orders/Dlq/Policy',
      principal: 'AWS:*',
      condition: 'Bool aws:SecureTransport=false',
    });
    expect(broadensPermissions(changes)).toBe(true);
  });

  it('reports only what was added or removed on an update, and nothing for the same template', () => {
    const before = ordersTemplate([{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }]);
    const after = ordersTemplate([
      {
        Effect: 'Allow',
        Action: 'events:PutEvents',
        Resource: '*',
        Condition: { StringEquals: { 'aws:SourceAccount': ['111111111111', '222222222222'] } },
      },
    ]);
    expect(permissionChanges([{ stack: 'Orders', deployed: before, synthesized: before }])).toEqual([]);
    const changes = permissionChanges([{ stack: 'Orders', deployed: before, synthesized: after }]);
    expect(changes.map(permissionChangeText)).toEqual([
      '+ Allow events:PutEvents on * to Orders/Handler/ServiceRole if StringEquals aws:SourceAccount=111111111111|222222222222',
      '- Allow s3:GetObject on * to Orders/Handler/ServiceRole',
    ]);
    const removedOnly = permissionChanges([{ stack: 'Orders', deployed: before, synthesized: ordersTemplate() }]);
    expect(removedOnly.map((change) => change.change)).toEqual(['remove']);
    expect(broadensPermissions(removedOnly)).toBe(false);
  });

  it('ignores resources that grant nothing and templates without resources', () => {
    expect(templatePermissions({})).toEqual([]);
    expect(templatePermissions({ Resources: { T: { Type: 'AWS::DynamoDB::Table' } } })).toEqual([]);
  });
});

describe('the permission change lines fit the width', () => {
  const changes = permissionChanges([{ stack: 'Orders', deployed: {}, synthesized: ordersTemplate() }]);

  it.each([80, 120, 40])('no line is wider than %i columns (with the confirmation indent), nothing is cut', (width) => {
    const lines = permissionChangeLines(changes, width);
    for (const line of lines) expect(`  ${line}`.length).toBeLessThanOrEqual(width);
    expect(lines.join(' ')).not.toContain('…');
    // Every line starts a change (+/-) or continues one, indented.
    expect(lines.every((line) => /^[+-] /.test(line) || line.startsWith('    '))).toBe(true);
    expect(lines.filter((line) => /^[+-] /.test(line))).toHaveLength(changes.length);
    // Nothing lost: the words of each change are all there.
    const words = (text: string) => text.replace(/\s+/g, '');
    expect(words(lines.join(''))).toBe(words(changes.map(permissionChangeText).join('')));
  });
});
