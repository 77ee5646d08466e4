import {
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  ListAccountsCommand,
  ListChildrenCommand,
  ListCreateAccountStatusCommand,
  ListOrganizationalUnitsForParentCommand,
  ListRootsCommand,
  ListTagsForResourceCommand,
  paginateListAccounts,
  paginateListCreateAccountStatus,
  paginateListOrganizationalUnitsForParent,
  paginateListTagsForResource,
  TagResourceCommand,
  UntagResourceCommand,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { describe, expect, test } from 'vitest';
import { SANDBOX_MANAGEMENT_ACCOUNT_ID } from '../src/index.js';
import { failureOf, organizationsClient, startTestSandbox } from './helpers.js';

async function newOrganization(client: OrganizationsClient): Promise<string> {
  await client.send(new CreateOrganizationCommand({}));
  return (await client.send(new ListRootsCommand({}))).Roots?.[0]?.Id ?? '';
}

describe('pagination', () => {
  test('paginateListAccounts walks more than 20 accounts in pages of at most 20', async () => {
    const client = organizationsClient(await startTestSandbox());
    await newOrganization(client);
    for (let i = 0; i < 24; i++) {
      await client.send(new CreateAccountCommand({ Email: `member${i}@example.com`, AccountName: `member${i}` }));
    }
    const pageSizes: number[] = [];
    const ids: string[] = [];
    for await (const page of paginateListAccounts({ client }, {})) {
      pageSizes.push(page.Accounts?.length ?? 0);
      ids.push(...(page.Accounts ?? []).map((account) => account.Id ?? ''));
    }
    expect(pageSizes).toEqual([20, 5]);
    expect(new Set(ids).size).toBe(25);
    expect(ids[0]).toBe(SANDBOX_MANAGEMENT_ACCOUNT_ID);

    const smallPages: number[] = [];
    for await (const page of paginateListAccounts({ client, pageSize: 7 }, {}))
      smallPages.push(page.Accounts?.length ?? 0);
    expect(smallPages).toEqual([7, 7, 7, 4]);

    const statuses: string[] = [];
    for await (const page of paginateListCreateAccountStatus({ client, pageSize: 10 }, { States: ['SUCCEEDED'] })) {
      statuses.push(...(page.CreateAccountStatuses ?? []).map((status) => status.State ?? ''));
    }
    expect(statuses).toEqual(Array.from({ length: 24 }, () => 'SUCCEEDED'));
    const inProgress = await client.send(new ListCreateAccountStatusCommand({ States: ['IN_PROGRESS'] }));
    expect(inProgress.CreateAccountStatuses).toEqual([]);
    expect(inProgress.NextToken).toBeUndefined();
  });

  test('OUs and children page too, and an item added between pages is neither repeated nor skipped', async () => {
    const client = organizationsClient(await startTestSandbox());
    const rootId = await newOrganization(client);
    for (let i = 0; i < 3; i++)
      await client.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: `ou${i}` }));
    const first = await client.send(new ListOrganizationalUnitsForParentCommand({ ParentId: rootId, MaxResults: 2 }));
    expect(first.OrganizationalUnits?.map((ou) => ou.Name)).toEqual(['ou0', 'ou1']);
    await client.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'ou3' }));
    const second = await client.send(
      new ListOrganizationalUnitsForParentCommand({ ParentId: rootId, MaxResults: 2, NextToken: first.NextToken }),
    );
    expect(second.OrganizationalUnits?.map((ou) => ou.Name)).toEqual(['ou2', 'ou3']);
    expect(second.NextToken).toBeUndefined();

    const names: string[] = [];
    for await (const page of paginateListOrganizationalUnitsForParent({ client, pageSize: 3 }, { ParentId: rootId })) {
      names.push(...(page.OrganizationalUnits ?? []).map((ou) => ou.Name ?? ''));
    }
    expect(names).toEqual(['ou0', 'ou1', 'ou2', 'ou3']);
    const children = await client.send(
      new ListChildrenCommand({ ParentId: rootId, ChildType: 'ORGANIZATIONAL_UNIT', MaxResults: 3 }),
    );
    expect(children.Children).toHaveLength(3);
    expect(children.NextToken).toEqual(expect.any(String));
  });

  test('MaxResults outside 1..20 and foreign NextTokens are InvalidInputException', async () => {
    const client = organizationsClient(await startTestSandbox());
    const rootId = await newOrganization(client);
    expect((await failureOf(client.send(new ListAccountsCommand({ MaxResults: 21 })))).Reason).toBe(
      'MAX_VALUE_EXCEEDED',
    );
    expect((await failureOf(client.send(new ListAccountsCommand({ MaxResults: 0 })))).Reason).toBe(
      'MIN_VALUE_EXCEEDED',
    );
    expect((await failureOf(client.send(new ListAccountsCommand({ NextToken: 'garbage' })))).Reason).toBe(
      'INVALID_NEXT_TOKEN',
    );
    await client.send(new CreateAccountCommand({ Email: 'one@example.com', AccountName: 'one' }));
    const page = await client.send(new ListAccountsCommand({ MaxResults: 1 }));
    const foreign = await failureOf(
      client.send(new ListChildrenCommand({ ParentId: rootId, ChildType: 'ACCOUNT', NextToken: page.NextToken })),
    );
    expect(foreign.name).toBe('InvalidInputException');
    expect(foreign.Reason).toBe('INVALID_NEXT_TOKEN');
  });
});

describe('tags', () => {
  test('tags on accounts, OUs and the root can be added, listed, overwritten and removed', async () => {
    const client = organizationsClient(await startTestSandbox());
    const rootId = await newOrganization(client);
    const { OrganizationalUnit } = await client.send(
      new CreateOrganizationalUnitCommand({
        ParentId: rootId,
        Name: 'Tagged',
        Tags: [{ Key: 'team', Value: 'platform' }],
      }),
    );
    const ouId = OrganizationalUnit?.Id ?? '';
    expect((await client.send(new ListTagsForResourceCommand({ ResourceId: ouId }))).Tags).toEqual([
      { Key: 'team', Value: 'platform' },
    ]);

    for (const resourceId of [rootId, ouId, SANDBOX_MANAGEMENT_ACCOUNT_ID]) {
      await client.send(
        new TagResourceCommand({
          ResourceId: resourceId,
          Tags: [
            { Key: 'env', Value: 'prod' },
            { Key: 'team', Value: 'core' },
          ],
        }),
      );
      await client.send(new UntagResourceCommand({ ResourceId: resourceId, TagKeys: ['env'] }));
      expect((await client.send(new ListTagsForResourceCommand({ ResourceId: resourceId }))).Tags).toEqual([
        { Key: 'team', Value: 'core' },
      ]);
    }
  });

  test('more than 50 tags is ConstraintViolationException MAX_TAG_LIMIT_EXCEEDED; 50 page through ListTagsForResource', async () => {
    const client = organizationsClient(await startTestSandbox());
    await newOrganization(client);
    const tags = (from: number, count: number) =>
      Array.from({ length: count }, (_, i) => ({ Key: `k${from + i}`, Value: 'v' }));
    await client.send(new TagResourceCommand({ ResourceId: SANDBOX_MANAGEMENT_ACCOUNT_ID, Tags: tags(0, 30) }));
    await client.send(new TagResourceCommand({ ResourceId: SANDBOX_MANAGEMENT_ACCOUNT_ID, Tags: tags(30, 20) }));
    const error = await failureOf(
      client.send(new TagResourceCommand({ ResourceId: SANDBOX_MANAGEMENT_ACCOUNT_ID, Tags: tags(50, 1) })),
    );
    expect(error.name).toBe('ConstraintViolationException');
    expect(error.Reason).toBe('MAX_TAG_LIMIT_EXCEEDED');
    const keys: string[] = [];
    for await (const page of paginateListTagsForResource({ client }, { ResourceId: SANDBOX_MANAGEMENT_ACCOUNT_ID })) {
      keys.push(...(page.Tags ?? []).map((tag) => tag.Key ?? ''));
    }
    expect(new Set(keys).size).toBe(50);
  });

  test('tagging errors: unknown target, duplicate keys, aws: keys', async () => {
    const client = organizationsClient(await startTestSandbox());
    await newOrganization(client);
    expect((await failureOf(client.send(new ListTagsForResourceCommand({ ResourceId: '111111111111' })))).name).toBe(
      'TargetNotFoundException',
    );
    const duplicate = await failureOf(
      client.send(
        new TagResourceCommand({
          ResourceId: SANDBOX_MANAGEMENT_ACCOUNT_ID,
          Tags: [
            { Key: 'a', Value: '1' },
            { Key: 'a', Value: '2' },
          ],
        }),
      ),
    );
    expect(duplicate.Reason).toBe('DUPLICATE_TAG_KEY');
    const system = await failureOf(
      client.send(
        new TagResourceCommand({ ResourceId: SANDBOX_MANAGEMENT_ACCOUNT_ID, Tags: [{ Key: 'aws:x', Value: '1' }] }),
      ),
    );
    expect(system.Reason).toBe('INVALID_SYSTEM_TAGS_PARAMETER');
    const malformed = await failureOf(client.send(new UntagResourceCommand({ ResourceId: 'x-1', TagKeys: ['a'] })));
    expect(malformed.Reason).toBe('INVALID_PATTERN');
  });
});
