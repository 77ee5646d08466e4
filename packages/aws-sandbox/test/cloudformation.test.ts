import {
  CloudFormationClient,
  CreateChangeSetCommand,
  DeleteStackCommand,
  DescribeChangeSetCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  GetTemplateCommand,
  type Stack,
} from '@aws-sdk/client-cloudformation';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../src/index.js';
import { clientConfig, failureOf, startTestSandbox, stsClient, waitFor } from './helpers.js';

const TEMPLATE = {
  Parameters: {
    Stage: { Type: 'String', Default: 'dev', AllowedPattern: '[a-z]+' },
    WithQueue: { Type: 'String', Default: 'yes' },
  },
  Conditions: { QueueWanted: { 'Fn::Equals': [{ Ref: 'WithQueue' }, 'yes'] } },
  Resources: {
    Bucket: { Type: 'AWS::S3::Bucket', Properties: { BucketName: { 'Fn::Sub': 'app-${Stage}-${AWS::AccountId}' } } },
    Role: {
      Type: 'AWS::IAM::Role',
      Properties: {
        RoleName: { 'Fn::Sub': 'app-${Stage}-deployer' },
        AssumeRolePolicyDocument: {
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: { 'Fn::Sub': 'arn:aws:iam::${AWS::AccountId}:root' } },
              Action: 'sts:AssumeRole',
            },
          ],
        },
      },
    },
    Version: {
      Type: 'AWS::SSM::Parameter',
      Properties: {
        Name: { 'Fn::Sub': '/app/${Stage}/bucket' },
        Type: 'String',
        Value: { 'Fn::GetAtt': ['Bucket', 'Arn'] },
      },
    },
    Queue: { Type: 'AWS::SQS::Queue', Condition: 'QueueWanted', DependsOn: 'Role' },
  },
  Outputs: {
    BucketName: { Value: { Ref: 'Bucket' } },
    RoleArn: { Value: { 'Fn::GetAtt': ['Role', 'Arn'] } },
    QueueUrl: { Condition: 'QueueWanted', Value: { Ref: 'Queue' } },
    Summary: { Value: { 'Fn::Join': ['/', [{ Ref: 'Stage' }, { 'Fn::If': ['QueueWanted', 'queued', 'direct'] }]] } },
  },
};

const cfn = (sandbox: RunningSandbox) => new CloudFormationClient(clientConfig(sandbox, {}));

async function deploy(
  client: CloudFormationClient,
  body: string,
  type: 'CREATE' | 'UPDATE',
  parameters: Record<string, string> = {},
): Promise<Stack> {
  const changeSet = await client.send(
    new CreateChangeSetCommand({
      StackName: 'App',
      ChangeSetName: `cs-${Date.now()}`,
      ChangeSetType: type,
      TemplateBody: body,
      Capabilities: ['CAPABILITY_NAMED_IAM'],
      Parameters: Object.entries(parameters).map(([ParameterKey, ParameterValue]) => ({
        ParameterKey,
        ParameterValue,
      })),
    }),
  );
  await client.send(new ExecuteChangeSetCommand({ ChangeSetName: changeSet.Id }));
  return settled(client);
}

function settled(client: CloudFormationClient): Promise<Stack> {
  return waitFor(async () => {
    const stack = (await client.send(new DescribeStacksCommand({ StackName: 'App' }))).Stacks?.[0];
    return stack && !stack.StackStatus?.endsWith('_IN_PROGRESS') ? stack : undefined;
  });
}

const outputs = (stack: Stack) =>
  Object.fromEntries((stack.Outputs ?? []).map((output) => [output.OutputKey, output.OutputValue]));

describe('sandbox CloudFormation (recording stand-in)', () => {
  it('creates a stack from a change set in dependency order, evaluates outputs, and creates roles, buckets and parameters', async () => {
    const sandbox = await startTestSandbox({ cloudFormationResourceMs: 2 });
    const client = cfn(sandbox);
    const created = await client.send(
      new CreateChangeSetCommand({
        StackName: 'App',
        ChangeSetName: 'first',
        ChangeSetType: 'CREATE',
        TemplateBody: JSON.stringify(TEMPLATE),
        Capabilities: ['CAPABILITY_NAMED_IAM'],
      }),
    );
    const described = await client.send(new DescribeChangeSetCommand({ ChangeSetName: 'first', StackName: 'App' }));
    expect([described.Status, described.ExecutionStatus]).toEqual(['CREATE_COMPLETE', 'AVAILABLE']);
    expect(
      described.Changes?.map(
        (change) => `${change.ResourceChange?.Action} ${change.ResourceChange?.LogicalResourceId}`,
      ).sort(),
    ).toEqual(['Add Bucket', 'Add Queue', 'Add Role', 'Add Version']);
    expect((await client.send(new DescribeStacksCommand({ StackName: 'App' }))).Stacks?.[0]?.StackStatus).toBe(
      'REVIEW_IN_PROGRESS',
    );
    await client.send(new ExecuteChangeSetCommand({ ChangeSetName: created.Id }));
    const stack = await settled(client);
    expect(stack.StackStatus).toBe('CREATE_COMPLETE');
    expect(outputs(stack)).toEqual({
      BucketName: 'app-dev-123456789012',
      RoleArn: 'arn:aws:iam::123456789012:role/app-dev-deployer',
      QueueUrl: expect.stringMatching(
        /^https:\/\/sqs\.us-east-1\.amazonaws\.com\/123456789012\/App-Queue-[A-Z0-9]{12}$/,
      ),
      Summary: 'dev/queued',
    });
    const events = (await client.send(new DescribeStackEventsCommand({ StackName: 'App' }))).StackEvents ?? [];
    const completed = events
      .filter((event) => event.ResourceStatus === 'CREATE_COMPLETE')
      .map((event) => event.LogicalResourceId)
      .reverse();
    expect(completed.indexOf('Bucket')).toBeLessThan(completed.indexOf('Version'));
    expect(completed.indexOf('Role')).toBeLessThan(completed.indexOf('Queue'));
    expect(completed.at(-1)).toBe('App');
    expect(events.filter((event) => event.ResourceStatus === 'CREATE_IN_PROGRESS')).toHaveLength(5);

    await stsClient(sandbox).send(
      new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::123456789012:role/app-dev-deployer', RoleSessionName: 'deploy' }),
    );
    await new S3Client({ ...clientConfig(sandbox, {}), forcePathStyle: true }).send(
      new PutObjectCommand({ Bucket: 'app-dev-123456789012', Key: 'k', Body: 'v' }),
    );
    expect(
      (await new SSMClient(clientConfig(sandbox, {})).send(new GetParameterCommand({ Name: '/app/dev/bucket' })))
        .Parameter?.Value,
    ).toBe('arn:aws:s3:::app-dev-123456789012');
    expect(JSON.parse((await client.send(new GetTemplateCommand({ StackName: 'App' }))).TemplateBody ?? '')).toEqual(
      TEMPLATE,
    );
  });

  it('refuses an update without changes and updates what depends on a replaced resource', async () => {
    const sandbox = await startTestSandbox({ cloudFormationResourceMs: 0 });
    const client = cfn(sandbox);
    await deploy(client, JSON.stringify(TEMPLATE), 'CREATE');
    const empty = await client.send(
      new CreateChangeSetCommand({
        StackName: 'App',
        ChangeSetName: 'same',
        ChangeSetType: 'UPDATE',
        TemplateBody: JSON.stringify(TEMPLATE),
        Capabilities: ['CAPABILITY_NAMED_IAM'],
      }),
    );
    const refused = await client.send(new DescribeChangeSetCommand({ ChangeSetName: empty.Id }));
    expect([refused.Status, refused.StatusReason]).toEqual([
      'FAILED',
      "The submitted information didn't contain changes. Submit different information to create a change set.",
    ]);
    const updated = await deploy(client, JSON.stringify(TEMPLATE), 'UPDATE', { Stage: 'prod', WithQueue: 'no' });
    expect(updated.StackStatus).toBe('UPDATE_COMPLETE');
    expect(outputs(updated)).toEqual({
      BucketName: 'app-prod-123456789012',
      RoleArn: 'arn:aws:iam::123456789012:role/app-prod-deployer',
      Summary: 'prod/direct',
    });
    const ssm = new SSMClient(clientConfig(sandbox, {}));
    expect((await ssm.send(new GetParameterCommand({ Name: '/app/prod/bucket' }))).Parameter?.Value).toBe(
      'arn:aws:s3:::app-prod-123456789012',
    );
    expect((await failureOf(ssm.send(new GetParameterCommand({ Name: '/app/dev/bucket' })))).name).toBe(
      'ParameterNotFound',
    );
    const events = (await client.send(new DescribeStackEventsCommand({ StackName: 'App' }))).StackEvents ?? [];
    expect(
      events.some((event) => event.LogicalResourceId === 'Queue' && event.ResourceStatus === 'DELETE_COMPLETE'),
    ).toBe(true);
    expect(events.some((event) => String(event.ResourceStatus) === 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS')).toBe(true);
  });

  it('rolls back a stack whose resource fails (injected), removing what it created; the stack must then be deleted', async () => {
    const sandbox = await startTestSandbox({ cloudFormationResourceMs: 0, faults: 'ProvisionQueue=NotStabilized' });
    const client = cfn(sandbox);
    const stack = await deploy(client, JSON.stringify(TEMPLATE), 'CREATE');
    expect(stack.StackStatus).toBe('ROLLBACK_COMPLETE');
    expect(stack.StackStatusReason).toBe(
      'The following resource(s) failed to create: [Queue]. Rollback requested by user.',
    );
    const events = (await client.send(new DescribeStackEventsCommand({ StackName: 'App' }))).StackEvents ?? [];
    expect(events.find((event) => event.ResourceStatus === 'CREATE_FAILED')?.ResourceStatusReason).toContain(
      'Injected by the awsarch sandbox (AWSARCH_SANDBOX_FAULTS): NotStabilized',
    );
    expect(
      events.filter((event) => event.ResourceStatus === 'DELETE_COMPLETE').map((event) => event.LogicalResourceId),
    ).toEqual(['Bucket', 'Role']);
    expect(
      (
        await failureOf(
          stsClient(sandbox).send(
            new AssumeRoleCommand({
              RoleArn: 'arn:aws:iam::123456789012:role/app-dev-deployer',
              RoleSessionName: 'rollback',
            }),
          ),
        )
      ).name,
    ).toBe('AccessDenied');
    expect(
      (
        await failureOf(
          new SSMClient(clientConfig(sandbox, {})).send(new GetParameterCommand({ Name: '/app/dev/bucket' })),
        )
      ).name,
    ).toBe('ParameterNotFound');
    const blocked = await failureOf(
      client.send(
        new CreateChangeSetCommand({
          StackName: 'App',
          ChangeSetName: 'again',
          ChangeSetType: 'UPDATE',
          TemplateBody: JSON.stringify(TEMPLATE),
          Capabilities: ['CAPABILITY_NAMED_IAM'],
        }),
      ),
    );
    expect(blocked.message).toMatch(/is in ROLLBACK_COMPLETE state and can not be updated/);
    await client.send(new DeleteStackCommand({ StackName: 'App' }));
    const gone = await waitFor(
      async () => (await failureOf(client.send(new DescribeStacksCommand({ StackName: 'App' })))).message || undefined,
    );
    expect(gone).toBe('Stack with id App does not exist');
  });

  it('validates like CloudFormation: parameters, Parameter Store values, capabilities; reads YAML and S3 templates', async () => {
    const sandbox = await startTestSandbox({ cloudFormationResourceMs: 0 });
    const client = cfn(sandbox);
    const create = (body: string, extra: Record<string, unknown> = {}) =>
      client.send(
        new CreateChangeSetCommand({
          StackName: 'V',
          ChangeSetName: 'v',
          ChangeSetType: 'CREATE',
          TemplateBody: body,
          Capabilities: ['CAPABILITY_NAMED_IAM'],
          ...extra,
        }),
      );
    const needsValue = JSON.stringify({
      Parameters: { Name: { Type: 'String' } },
      Resources: { Q: { Type: 'AWS::SQS::Queue' } },
    });
    expect((await failureOf(create(needsValue))).message).toBe('Parameters: [Name] must have values');
    const fromSsm = JSON.stringify({
      Parameters: {
        Version: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/cdk-bootstrap/hnb659fds/version' },
      },
      Resources: { Q: { Type: 'AWS::SQS::Queue' } },
    });
    expect((await failureOf(create(fromSsm))).message).toBe(
      'Unable to fetch parameters [/cdk-bootstrap/hnb659fds/version] from parameter store for this account.',
    );
    await new SSMClient(clientConfig(sandbox, {})).send(
      new PutParameterCommand({ Name: '/cdk-bootstrap/hnb659fds/version', Value: '30', Type: 'String' }),
    );
    await create(fromSsm);
    expect(
      (await client.send(new DescribeChangeSetCommand({ ChangeSetName: 'v', StackName: 'V' }))).Parameters,
    ).toEqual([{ ParameterKey: 'Version', ParameterValue: '/cdk-bootstrap/hnb659fds/version', ResolvedValue: '30' }]);
    const iam = JSON.stringify({
      Resources: { R: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: {} } } },
    });
    const refused = await failureOf(
      client.send(
        new CreateChangeSetCommand({ StackName: 'W', ChangeSetName: 'w', ChangeSetType: 'CREATE', TemplateBody: iam }),
      ),
    );
    expect([refused.name, refused.message]).toEqual([
      'InsufficientCapabilitiesException',
      'Requires capabilities : [CAPABILITY_IAM]',
    ]);

    const yaml = [
      'Parameters:',
      '  Stage: {Type: String, Default: test}',
      'Resources:',
      '  Topic:',
      '    Type: AWS::SNS::Topic',
      '    Properties:',
      '      TopicName: !Sub "events-${Stage}"',
      'Outputs:',
      '  Arn:',
      '    Value: !Ref Topic',
      '  Name:',
      '    Value: !GetAtt Topic.TopicName',
    ].join('\n');
    const s3 = new S3Client({ ...clientConfig(sandbox, {}), forcePathStyle: true });
    const { CreateBucketCommand } = await import('@aws-sdk/client-s3');
    await s3.send(new CreateBucketCommand({ Bucket: 'templates' }));
    await s3.send(new PutObjectCommand({ Bucket: 'templates', Key: 'cdk/yaml.yml', Body: yaml }));
    const fromUrl = await client.send(
      new CreateChangeSetCommand({
        StackName: 'Y',
        ChangeSetName: 'y',
        ChangeSetType: 'CREATE',
        TemplateURL: `${sandbox.endpoint}/templates/cdk/yaml.yml`,
      }),
    );
    await client.send(new ExecuteChangeSetCommand({ ChangeSetName: fromUrl.Id }));
    const stack = await waitFor(async () => {
      const found = (await client.send(new DescribeStacksCommand({ StackName: 'Y' }))).Stacks?.[0];
      return found?.StackStatus === 'CREATE_COMPLETE' ? found : undefined;
    });
    expect(outputs(stack)).toEqual({ Arn: 'arn:aws:sns:us-east-1:123456789012:events-test', Name: 'events-test' });
  });
});
