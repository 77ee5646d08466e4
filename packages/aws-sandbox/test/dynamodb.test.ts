import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { STSClient } from '@aws-sdk/client-sts';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resetSandbox, startSandbox } from '../src/index.js';
import {
  clientConfig,
  failureOf,
  organizationsClient,
  startTestSandbox,
  temporaryStateDir,
  type Credentials,
} from './helpers.js';
import { assumeMemberRole, attachScp, organizationWithMember } from './fixtures/scp-organization.js';

const documents = (sandbox: { endpoint: string }, credentials?: Credentials) => {
  const client = new DynamoDBClient(clientConfig(sandbox, { credentials, maxAttempts: 2 }));
  return { client, db: DynamoDBDocumentClient.from(client) };
};

async function createOrdersTable(client: DynamoDBClient, name = 'orders'): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'orderId', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'orderId', KeyType: 'HASH' }],
    }),
  );
}

describe('sandbox DynamoDB (dynalite behind the sandbox endpoint)', () => {
  it("serves the real engine: conditional writes, batch writes and scans, with ARNs of the caller's account", async () => {
    const sandbox = await startTestSandbox();
    const { client, db } = documents(sandbox);
    await createOrdersTable(client);
    const table = (await client.send(new DescribeTableCommand({ TableName: 'orders' }))).Table;
    expect(table?.TableStatus).toBe('ACTIVE');
    expect(table?.TableArn).toMatch(/^arn:aws:dynamodb:us-east-1:\d{12}:table\/orders$/);
    await db.send(
      new PutCommand({
        TableName: 'orders',
        Item: { orderId: 'o-1', version: 1 },
        ConditionExpression: 'attribute_not_exists(orderId)',
      }),
    );
    expect(
      (
        await failureOf(
          db.send(
            new PutCommand({
              TableName: 'orders',
              Item: { orderId: 'o-1', version: 2 },
              ConditionExpression: 'attribute_not_exists(orderId)',
            }),
          ),
        )
      ).name,
    ).toBe('ConditionalCheckFailedException');
    await db.send(
      new BatchWriteCommand({
        RequestItems: {
          orders: Array.from({ length: 25 }, (_, index) => ({
            PutRequest: { Item: { orderId: `b-${index}`, version: 1 } },
          })),
        },
      }),
    );
    expect((await db.send(new ScanCommand({ TableName: 'orders', Select: 'COUNT' }))).Count).toBe(26);
    expect((await failureOf(db.send(new GetCommand({ TableName: 'missing', Key: { orderId: 'x' } })))).name).toBe(
      'ResourceNotFoundException',
    );
  });

  it("keeps each account's tables apart, applies SCPs to member accounts, and keeps the data across sandbox restarts until a reset", async () => {
    const stateDir = await temporaryStateDir();
    const first = await startSandbox({ stateDir, faults: '', createAccountMs: 0, rolePropagationMs: 0 });
    const organizations = organizationsClient(first);
    const org = await organizationWithMember(organizations);
    const member: Credentials = await assumeMemberRole(new STSClient(clientConfig(first, {})), org.memberAccountId);
    const management = documents(first);
    const dev = documents(first, member);
    await createOrdersTable(management.client);
    await management.db.send(new PutCommand({ TableName: 'orders', Item: { orderId: 'mine', owner: 'management' } }));
    expect((await dev.client.send(new ListTablesCommand({}))).TableNames).toEqual([]);
    await createOrdersTable(dev.client);
    await dev.db.send(new PutCommand({ TableName: 'orders', Item: { orderId: 'mine', owner: 'dev' } }));
    expect(
      (await management.db.send(new GetCommand({ TableName: 'orders', Key: { orderId: 'mine' } }))).Item?.owner,
    ).toBe('management');
    expect((await dev.db.send(new GetCommand({ TableName: 'orders', Key: { orderId: 'mine' } }))).Item?.owner).toBe(
      'dev',
    );

    await attachScp(
      organizations,
      'NoOrderWrites',
      {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Deny',
            Action: ['dynamodb:PutItem', 'dynamodb:BatchWriteItem'],
            Resource: 'arn:aws:dynamodb:*:*:table/orders',
          },
        ],
      },
      org.workloadsOuId,
    );
    const denied = await failureOf(dev.db.send(new PutCommand({ TableName: 'orders', Item: { orderId: 'x' } })));
    expect([denied.name, denied.message]).toEqual([
      'AccessDeniedException',
      expect.stringMatching(
        /not authorized to perform: dynamodb:PutItem on resource: arn:aws:dynamodb:us-east-1:\d{12}:table\/orders with an explicit deny in a service control policy/,
      ),
    ]);
    expect(
      (
        await failureOf(
          dev.db.send(
            new BatchWriteCommand({ RequestItems: { orders: [{ PutRequest: { Item: { orderId: 'y' } } }] } }),
          ),
        )
      ).name,
    ).toBe('AccessDeniedException');
    await management.db.send(new PutCommand({ TableName: 'orders', Item: { orderId: 'still-allowed' } }));
    management.client.destroy();
    dev.client.destroy();
    await first.close();

    const second = await startSandbox({ stateDir, faults: '' });
    const again = documents(second);
    expect((await again.db.send(new GetCommand({ TableName: 'orders', Key: { orderId: 'mine' } }))).Item?.owner).toBe(
      'management',
    );
    again.client.destroy();
    await second.close();

    await resetSandbox(stateDir);
    expect(existsSync(join(stateDir, 'dynamodb'))).toBe(false);
    const third = await startTestSandbox({ stateDir });
    expect((await documents(third).client.send(new ListTablesCommand({}))).TableNames).toEqual([]);
  });
});
