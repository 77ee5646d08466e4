import {
  CloudFormationClient,
  CreateChangeSetCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  type Stack,
} from '@aws-sdk/client-cloudformation';
import {
  CreateEventBusCommand,
  DescribeEventBusCommand,
  EventBridgeClient,
  PutEventsCommand,
  PutPermissionCommand,
  PutRuleCommand,
  PutTargetsCommand,
  RemovePermissionCommand,
} from '@aws-sdk/client-eventbridge';
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { SQSClient } from '@aws-sdk/client-sqs';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../src/index.js';
import { createQueue, drainQueue } from './fixtures/event-bus.js';
import { testOrganization, type TestOrganization } from './fixtures/member-accounts.js';
import { clientConfig, failureOf, startTestSandbox, waitFor } from './helpers.js';

/** An account's bus `orders` whose rule sends every `app` event to a queue of the account. */
async function ordersBus(org: TestOrganization, accountId: string) {
  const config = await org.as(accountId);
  const events = new EventBridgeClient(config);
  const sqs = new SQSClient(config);
  const { EventBusArn = '' } = await events.send(new CreateEventBusCommand({ Name: 'orders' }));
  await events.send(
    new PutRuleCommand({ Name: 'app', EventBusName: 'orders', EventPattern: JSON.stringify({ source: ['app'] }) }),
  );
  const queue = await createQueue(sqs, `orders-${accountId}`);
  await events.send(
    new PutTargetsCommand({ Rule: 'app', EventBusName: 'orders', Targets: [{ Id: 'q', Arn: queue.arn }] }),
  );
  return { events, busArn: EventBusArn, received: () => drainQueue(sqs, queue.url) };
}

async function twoAccounts() {
  const sandbox: RunningSandbox = await startTestSandbox({ cloudFormationResourceMs: 0 });
  const org = await testOrganization(sandbox, ['Producer', 'Consumer']);
  const { Producer: producer = '', Consumer: consumer = '' } = org.accounts;
  return { sandbox, org, producer, consumer };
}

const put = (events: EventBridgeClient, bus: string, n = 1) =>
  events.send(
    new PutEventsCommand({ Entries: [{ EventBusName: bus, Source: 'app', DetailType: 'Ping', Detail: `{"n":${n}}` }] }),
  );

describe('EventBridge bus policies: another account puts events only as the bus policy allows', () => {
  it("PutEvents to another account's bus ARN is refused without a policy and delivered to THAT bus once granted", async () => {
    const { org, producer, consumer } = await twoAccounts();
    const target = await ordersBus(org, consumer);
    // The producer has a bus of the same name: a cross-account put must never land there.
    const own = await ordersBus(org, producer);

    const denied = await failureOf(put(own.events, target.busArn));
    expect(denied).toMatchObject({ name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } });
    expect(denied.message).toContain(`is not authorized to perform: events:PutEvents on resource: ${target.busArn}`);
    expect(denied.message).toContain('because no resource-based policy allows the events:PutEvents action');
    expect(await target.received()).toEqual([]);

    await target.events.send(
      new PutPermissionCommand({
        EventBusName: 'orders',
        StatementId: 'producer',
        Action: 'events:PutEvents',
        Principal: producer,
      }),
    );
    const result = await put(own.events, target.busArn, 2);
    expect(result.FailedEntryCount).toBe(0);
    const delivered = await target.received();
    expect(delivered.map((event) => [event.account, event.detail.n])).toEqual([[producer, 2]]);
    expect(await own.received()).toEqual([]);
  });

  it('an explicit Deny in the bus policy wins over an Allow; RemovePermission takes grants back', async () => {
    const { org, producer, consumer } = await twoAccounts();
    const target = await ordersBus(org, consumer);
    const producerEvents = new EventBridgeClient(await org.as(producer));
    const allow = { Sid: 'allow', Effect: 'Allow', Principal: { AWS: producer }, Action: 'events:PutEvents' };
    const deny = {
      Sid: 'deny',
      Effect: 'Deny',
      Principal: { AWS: `arn:aws:iam::${producer}:root` },
      Action: 'events:*',
      Resource: target.busArn,
    };
    await target.events.send(
      new PutPermissionCommand({
        EventBusName: target.busArn,
        Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ ...allow, Resource: target.busArn }, deny] }),
      }),
    );
    const denied = await failureOf(put(producerEvents, target.busArn));
    expect(denied.name).toBe('AccessDeniedException');
    expect(denied.message).toContain('with an explicit deny in a resource-based policy');

    await target.events.send(new RemovePermissionCommand({ EventBusName: 'orders', StatementId: 'deny' }));
    expect((await put(producerEvents, target.busArn)).FailedEntryCount).toBe(0);
    expect(await target.received()).toHaveLength(1);

    await target.events.send(new RemovePermissionCommand({ EventBusName: 'orders', StatementId: 'allow' }));
    expect((await target.events.send(new DescribeEventBusCommand({ Name: 'orders' }))).Policy).toBeUndefined();
    expect((await failureOf(put(producerEvents, target.busArn))).name).toBe('AccessDeniedException');

    expect(
      await failureOf(target.events.send(new RemovePermissionCommand({ EventBusName: 'orders', StatementId: 'x' }))),
    ).toMatchObject({ name: 'ResourceNotFoundException' });
    await target.events.send(
      new PutPermissionCommand({
        EventBusName: 'orders',
        StatementId: 'p',
        Action: 'events:PutEvents',
        Principal: '*',
      }),
    );
    await target.events.send(new RemovePermissionCommand({ EventBusName: 'orders', RemoveAllPermissions: true }));
    expect((await failureOf(put(producerEvents, target.busArn))).name).toBe('AccessDeniedException');
  });

  it("a caller whose own identity policy does not allow events:PutEvents is refused, whatever the bus's policy", async () => {
    const { sandbox, org, producer, consumer } = await twoAccounts();
    const target = await ordersBus(org, consumer);
    await target.events.send(
      new PutPermissionCommand({
        StatementId: 'all',
        EventBusName: 'orders',
        Action: 'events:PutEvents',
        Principal: '*',
      }),
    );
    const iam = new IAMClient(await org.as(producer));
    const trust = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${producer}:root` }, Action: 'sts:AssumeRole' }],
    };
    const { Role } = await iam.send(
      new CreateRoleCommand({ RoleName: 'reader', AssumeRolePolicyDocument: JSON.stringify(trust) }),
    );
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: 'reader',
        PolicyName: 'describe',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'events:DescribeEventBus', Resource: '*' }],
        }),
      }),
    );
    const sts = new STSClient(await org.as(producer));
    const { Credentials } = await sts.send(new AssumeRoleCommand({ RoleArn: Role?.Arn, RoleSessionName: 'reader' }));
    const reader = new EventBridgeClient(
      clientConfig(sandbox, {
        credentials: {
          accessKeyId: Credentials?.AccessKeyId ?? '',
          secretAccessKey: Credentials?.SecretAccessKey ?? '',
          sessionToken: Credentials?.SessionToken ?? '',
        },
      }),
    );
    const denied = await failureOf(put(reader, target.busArn));
    expect(denied.name).toBe('AccessDeniedException');
    expect(denied.message).toContain('because no identity-based policy allows the events:PutEvents action');
    expect(await target.received()).toEqual([]);
  });

  it('DescribeEventBus returns the policy: the statements PutPermission writes, and a Policy as given', async () => {
    const { org, producer, consumer } = await twoAccounts();
    const target = await ordersBus(org, consumer);
    expect((await target.events.send(new DescribeEventBusCommand({ Name: 'orders' }))).Policy).toBeUndefined();
    await target.events.send(
      new PutPermissionCommand({
        EventBusName: 'orders',
        StatementId: 'one',
        Action: 'events:PutEvents',
        Principal: producer,
      }),
    );
    await target.events.send(
      new PutPermissionCommand({
        EventBusName: 'orders',
        StatementId: 'org',
        Action: 'events:PutEvents',
        Principal: '*',
        Condition: { Type: 'StringEquals', Key: 'aws:PrincipalOrgID', Value: org.organizationId },
      }),
    );
    const described = await target.events.send(new DescribeEventBusCommand({ Name: 'orders' }));
    expect(JSON.parse(described.Policy ?? '{}')).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'one',
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${producer}:root` },
          Action: 'events:PutEvents',
          Resource: target.busArn,
        },
        {
          Sid: 'org',
          Effect: 'Allow',
          Principal: '*',
          Action: 'events:PutEvents',
          Resource: target.busArn,
          Condition: { StringEquals: { 'aws:PrincipalOrgID': org.organizationId } },
        },
      ],
    });
    // The organization grant alone lets the producer put (it is in the organization).
    await target.events.send(new RemovePermissionCommand({ EventBusName: 'orders', StatementId: 'one' }));
    const producerEvents = new EventBridgeClient(await org.as(producer));
    expect((await put(producerEvents, target.busArn)).FailedEntryCount).toBe(0);

    const policy = {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 's',
          Effect: 'Allow',
          Principal: { AWS: producer },
          Action: 'events:PutEvents',
          Resource: target.busArn,
        },
      ],
    };
    await target.events.send(new PutPermissionCommand({ EventBusName: 'orders', Policy: JSON.stringify(policy) }));
    const replaced = await target.events.send(new DescribeEventBusCommand({ Name: target.busArn }));
    expect(JSON.parse(replaced.Policy ?? '{}')).toEqual(policy);
  });

  it('bad input is refused in AWS words and changes nothing', async () => {
    const { org, consumer } = await twoAccounts();
    const target = await ordersBus(org, consumer);
    const permission = (input: ConstructorParameters<typeof PutPermissionCommand>[0]) =>
      failureOf(target.events.send(new PutPermissionCommand({ EventBusName: 'orders', ...input })));
    expect(await permission({ Policy: 'not json' })).toMatchObject({ name: 'ValidationException' });
    expect(
      await permission({
        Policy: JSON.stringify({ Statement: [{ Effect: 'Maybe', Principal: '*', Action: 'events:PutEvents' }] }),
      }),
    ).toMatchObject({
      name: 'ValidationException',
    });
    const statement = (sid: number) => ({
      Sid: `statement-${sid}`,
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${String(100000000000 + sid)}:root` },
      Action: 'events:PutEvents',
      Resource: target.busArn,
    });
    const large = JSON.stringify({
      Version: '2012-10-17',
      Statement: Array.from({ length: 80 }, (_, i) => statement(i)),
    });
    expect(large.length).toBeGreaterThan(10 * 1024);
    expect(await permission({ Policy: large })).toMatchObject({
      name: 'PolicyLengthExceededException',
      $metadata: { httpStatusCode: 400 },
    });
    expect(await permission({ StatementId: 'x', Action: 'events:PutEvents', Principal: 'someone' })).toMatchObject({
      name: 'ValidationException',
    });
    expect(await permission({ StatementId: 'bad id!', Action: 'events:PutEvents', Principal: '*' })).toMatchObject({
      name: 'ValidationException',
    });
    expect(await permission({ StatementId: 'x', Action: 'events:DeleteRule', Principal: '*' })).toMatchObject({
      name: 'ValidationException',
    });
    expect(
      await permission({
        StatementId: 'x',
        Action: 'events:PutEvents',
        Principal: '*',
        Condition: { Type: 'StringLike', Key: 'aws:PrincipalOrgID', Value: 'o-*' },
      }),
    ).toMatchObject({ name: 'ValidationException' });
    expect(await permission({ StatementId: 'x', Policy: JSON.stringify({ Statement: [] }) })).toMatchObject({
      name: 'ValidationException',
    });
    expect(
      await failureOf(
        target.events.send(
          new PutPermissionCommand({
            EventBusName: 'missing',
            StatementId: 'x',
            Action: 'events:PutEvents',
            Principal: '*',
          }),
        ),
      ),
    ).toMatchObject({ name: 'ResourceNotFoundException' });
    expect(await failureOf(target.events.send(new RemovePermissionCommand({ EventBusName: 'orders' })))).toMatchObject({
      name: 'ValidationException',
    });
    expect((await target.events.send(new DescribeEventBusCommand({ Name: 'orders' }))).Policy).toBeUndefined();
  });

  it("a rule sends to another account's bus only as that bus's policy lets the rule's account (or its role) in", async () => {
    const { org, producer, consumer } = await twoAccounts();
    const target = await ordersBus(org, consumer);
    const producerEvents = new EventBridgeClient(await org.as(producer));
    await producerEvents.send(
      new PutRuleCommand({ Name: 'forward', EventPattern: JSON.stringify({ source: ['app'] }) }),
    );
    await producerEvents.send(new PutTargetsCommand({ Rule: 'forward', Targets: [{ Id: 'bus', Arn: target.busArn }] }));

    await put(producerEvents, 'default', 1);
    expect(await target.received()).toEqual([]);

    // A grant to the organization needs the rule to name a role; the account itself is not enough.
    await target.events.send(
      new PutPermissionCommand({
        EventBusName: 'orders',
        StatementId: 'org',
        Action: 'events:PutEvents',
        Principal: '*',
        Condition: { Type: 'StringEquals', Key: 'aws:PrincipalOrgID', Value: org.organizationId },
      }),
    );
    await put(producerEvents, 'default', 2);
    expect(await target.received()).toEqual([]);

    await target.events.send(
      new PutPermissionCommand({
        EventBusName: 'orders',
        StatementId: 'producer',
        Action: 'events:PutEvents',
        Principal: producer,
      }),
    );
    await put(producerEvents, 'default', 3);
    expect((await target.received()).map((event) => [event.account, event.detail.n])).toEqual([[producer, 3]]);
  });

  it("with a RoleArn, the role's own policy and an organization grant on the bus let the rule forward", async () => {
    const { org, producer, consumer } = await twoAccounts();
    const target = await ordersBus(org, consumer);
    await target.events.send(
      new PutPermissionCommand({
        EventBusName: 'orders',
        StatementId: 'org',
        Action: 'events:PutEvents',
        Principal: '*',
        Condition: { Type: 'StringEquals', Key: 'aws:PrincipalOrgID', Value: org.organizationId },
      }),
    );
    const config = await org.as(producer);
    const iam = new IAMClient(config);
    const trust = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    };
    const { Role } = await iam.send(
      new CreateRoleCommand({ RoleName: 'forwarder', AssumeRolePolicyDocument: JSON.stringify(trust) }),
    );
    const producerEvents = new EventBridgeClient(config);
    await producerEvents.send(
      new PutRuleCommand({ Name: 'forward', EventPattern: JSON.stringify({ source: ['app'] }) }),
    );
    await producerEvents.send(
      new PutTargetsCommand({ Rule: 'forward', Targets: [{ Id: 'bus', Arn: target.busArn, RoleArn: Role?.Arn }] }),
    );

    // The role may not yet put events anywhere: nothing arrives.
    await put(producerEvents, 'default', 1);
    expect(await target.received()).toEqual([]);

    await iam.send(
      new PutRolePolicyCommand({
        RoleName: 'forwarder',
        PolicyName: 'put',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'events:PutEvents', Resource: target.busArn }],
        }),
      }),
    );
    await put(producerEvents, 'default', 2);
    expect((await target.received()).map((event) => [event.account, event.detail.n])).toEqual([[producer, 2]]);
  });

  it("the ride-sharing workload's partner routing, as CloudFormation deploys it, forwards once the partner grants the account", async () => {
    const { org, producer, consumer } = await twoAccounts();
    const target = await ordersBus(org, consumer);
    // The shape PartnerRouting (workloads-cdk) synthesizes: a role EventBridge assumes, its policy, the rule.
    const template = {
      Resources: {
        Role: {
          Type: 'AWS::IAM::Role',
          Properties: {
            AssumeRolePolicyDocument: {
              Version: '2012-10-17',
              Statement: [
                { Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sts:AssumeRole' },
              ],
            },
          },
        },
        RolePolicy: {
          Type: 'AWS::IAM::Policy',
          Properties: {
            PolicyName: 'put',
            Roles: [{ Ref: 'Role' }],
            PolicyDocument: {
              Version: '2012-10-17',
              Statement: [{ Effect: 'Allow', Action: 'events:PutEvents', Resource: target.busArn }],
            },
          },
        },
        Rule: {
          Type: 'AWS::Events::Rule',
          Properties: {
            EventPattern: { source: ['app'] },
            Targets: [{ Id: 'Target0', Arn: target.busArn, RoleArn: { 'Fn::GetAtt': ['Role', 'Arn'] } }],
          },
        },
      },
    };
    const cfn = new CloudFormationClient(await org.as(producer));
    expect((await deploy(cfn, 'Routing', template)).StackStatus).toBe('CREATE_COMPLETE');
    const producerEvents = new EventBridgeClient(await org.as(producer));
    await put(producerEvents, 'default', 1);
    expect(await target.received()).toEqual([]);

    // The statement of the PartnerBusPolicyStatement output, added by the partner.
    const statement = {
      Sid: 'AllowRideSharingForwarding',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${producer}:root` },
      Action: 'events:PutEvents',
      Resource: target.busArn,
    };
    await target.events.send(
      new PutPermissionCommand({
        EventBusName: 'orders',
        Policy: JSON.stringify({ Version: '2012-10-17', Statement: [statement] }),
      }),
    );
    await put(producerEvents, 'default', 2);
    expect((await target.received()).map((event) => [event.account, event.detail.n])).toEqual([[producer, 2]]);
  });

  it('CloudFormation: AWS::Events::EventBusPolicy adds its statement, AWS::Events::EventBus Policy sets the whole policy', async () => {
    const { sandbox, producer } = await twoAccounts();
    const cfn = new CloudFormationClient(clientConfig(sandbox, {}));
    const template = {
      Resources: {
        Bus: {
          Type: 'AWS::Events::EventBus',
          Properties: {
            Name: 'partners',
            Policy: {
              Version: '2012-10-17',
              Statement: [
                {
                  Sid: 'base',
                  Effect: 'Allow',
                  Principal: { AWS: producer },
                  Action: 'events:PutEvents',
                  Resource: '*',
                },
              ],
            },
          },
        },
        Grant: {
          Type: 'AWS::Events::EventBusPolicy',
          Properties: {
            EventBusName: { Ref: 'Bus' },
            StatementId: 'grant',
            Statement: {
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:iam::${producer}:root` },
              Action: 'events:PutEvents',
              Resource: { 'Fn::GetAtt': ['Bus', 'Arn'] },
            },
          },
        },
      },
    };
    const stack = await deploy(cfn, 'Partners', template);
    expect(stack.StackStatus).toBe('CREATE_COMPLETE');
    const events = new EventBridgeClient(clientConfig(sandbox, {}));
    const policy = JSON.parse((await events.send(new DescribeEventBusCommand({ Name: 'partners' }))).Policy ?? '{}');
    expect(policy.Statement.map((statement: { Sid: string }) => statement.Sid)).toEqual(['base', 'grant']);

    const bad = await deploy(cfn, 'Bad', {
      Resources: {
        Bus: {
          Type: 'AWS::Events::EventBus',
          Properties: { Name: 'bad', Policy: { Statement: [{ Effect: 'Allow' }] } },
        },
      },
    });
    expect(bad.StackStatus).toBe('ROLLBACK_COMPLETE');
    expect((await failureOf(events.send(new DescribeEventBusCommand({ Name: 'bad' })))).name).toBe(
      'ResourceNotFoundException',
    );
  });
});

async function deploy(cfn: CloudFormationClient, name: string, template: object): Promise<Stack> {
  const changeSet = await cfn.send(
    new CreateChangeSetCommand({
      StackName: name,
      ChangeSetName: 'create',
      ChangeSetType: 'CREATE',
      Capabilities: ['CAPABILITY_IAM'],
      TemplateBody: JSON.stringify(template),
    }),
  );
  await cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: changeSet.Id }));
  return waitFor(async () => {
    const stack = (await cfn.send(new DescribeStacksCommand({ StackName: name }))).Stacks?.[0];
    return stack && !stack.StackStatus?.endsWith('_IN_PROGRESS') ? stack : undefined;
  });
}
