import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import {
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  DescribeOrganizationCommand,
  ListAccountsCommand,
  ListOrganizationalUnitsForParentCommand,
  ListRootsCommand,
  ListTagsForResourceCommand,
  paginateListOrganizationalUnitsForParent,
  TagResourceCommand,
} from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { describe, expect, test } from 'vitest';
import { resetSandbox, SANDBOX_MANAGEMENT_ACCOUNT_ID, SandboxStateError } from '../src/index.js';
import { failureOf, organizationsClient, startTestSandbox, stsClient, temporaryStateDir } from './helpers.js';

async function readState(stateDir: string) {
  return JSON.parse(await readFile(join(stateDir, 'state.json'), 'utf8'));
}

describe('persisted state', () => {
  test('state.json is versioned and laid out by service', async () => {
    const sandbox = await startTestSandbox();
    const client = organizationsClient(sandbox);
    await client.send(new CreateOrganizationCommand({}));
    const state = await readState(sandbox.stateDir);
    expect(state).toMatchObject({ schemaVersion: 1, revision: 1, managementAccountId: SANDBOX_MANAGEMENT_ACCOUNT_ID });
    expect(Object.keys(state.services.organizations).sort()).toEqual(
      ['accounts', 'createAccountRequests', 'organization', 'organizationalUnits', 'roots', 'sequence', 'tags'].sort(),
    );
  });

  test('everything survives a restart of the sandbox', async () => {
    const stateDir = await temporaryStateDir();
    const first = await startTestSandbox({ stateDir });
    const client = organizationsClient(first);
    const { Organization } = await client.send(new CreateOrganizationCommand({}));
    const rootId = (await client.send(new ListRootsCommand({}))).Roots?.[0]?.Id;
    const { OrganizationalUnit } = await client.send(
      new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'Kept' }),
    );
    await client.send(new TagResourceCommand({ ResourceId: OrganizationalUnit?.Id, Tags: [{ Key: 'k', Value: 'v' }] }));
    await first.close();

    const second = organizationsClient(await startTestSandbox({ stateDir }));
    expect((await second.send(new DescribeOrganizationCommand({}))).Organization).toEqual(Organization);
    expect(
      (await second.send(new ListOrganizationalUnitsForParentCommand({ ParentId: rootId }))).OrganizationalUnits,
    ).toEqual([OrganizationalUnit]);
    expect((await second.send(new ListTagsForResourceCommand({ ResourceId: OrganizationalUnit?.Id }))).Tags).toEqual([
      { Key: 'k', Value: 'v' },
    ]);
  });

  test('read-only operations do not write the file; changing ones do', async () => {
    const sandbox = await startTestSandbox();
    const client = organizationsClient(sandbox);
    await client.send(new CreateOrganizationCommand({}));
    const before = await stat(join(sandbox.stateDir, 'state.json'), { bigint: true });
    await client.send(new ListAccountsCommand({}));
    await client.send(new DescribeOrganizationCommand({}));
    await stsClient(sandbox).send(new GetCallerIdentityCommand({}));
    await failureOf(client.send(new CreateOrganizationCommand({})));
    const after = await stat(join(sandbox.stateDir, 'state.json'), { bigint: true });
    expect(after.ino).toBe(before.ino);
    expect((await readState(sandbox.stateDir)).revision).toBe(1);
    await client.send(
      new TagResourceCommand({ ResourceId: SANDBOX_MANAGEMENT_ACCOUNT_ID, Tags: [{ Key: 'a', Value: 'b' }] }),
    );
    expect((await readState(sandbox.stateDir)).revision).toBe(2);
  });

  test('two sandboxes on one state dir writing concurrently lose nothing', async () => {
    const stateDir = await temporaryStateDir();
    const [left, right] = [await startTestSandbox({ stateDir }), await startTestSandbox({ stateDir })];
    const leftClient = organizationsClient(left);
    const rightClient = organizationsClient(right);
    await leftClient.send(new CreateOrganizationCommand({}));
    const rootId = (await rightClient.send(new ListRootsCommand({}))).Roots?.[0]?.Id;
    const writes = Array.from({ length: 60 }, (_, i) =>
      (i % 2 === 0 ? leftClient : rightClient).send(
        new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: `ou-${i}` }),
      ),
    );
    const tagWrites = Array.from({ length: 40 }, (_, i) =>
      (i % 2 === 0 ? rightClient : leftClient).send(
        new TagResourceCommand({
          ResourceId: SANDBOX_MANAGEMENT_ACCOUNT_ID,
          Tags: [{ Key: `tag-${i}`, Value: String(i) }],
        }),
      ),
    );
    await Promise.all([...writes, ...tagWrites]);

    for (const client of [leftClient, rightClient]) {
      const names: string[] = [];
      for await (const page of paginateListOrganizationalUnitsForParent({ client }, { ParentId: rootId })) {
        names.push(...(page.OrganizationalUnits ?? []).map((ou) => ou.Name ?? ''));
      }
      expect(names.sort()).toEqual(Array.from({ length: 60 }, (_, i) => `ou-${i}`).sort());
    }
    const state = await readState(stateDir);
    expect(state.services.organizations.tags[SANDBOX_MANAGEMENT_ACCOUNT_ID]).toHaveLength(40);
    expect(state.revision).toBe(101);
    expect(left.calls.length + right.calls.length).toBe(1 + 1 + 100 + 2 * 3);
  });

  test('resetSandbox deletes the state but keeps the directory; a running sandbox starts over', async () => {
    const sandbox = await startTestSandbox();
    const client = organizationsClient(sandbox);
    await client.send(new CreateOrganizationCommand({}));
    await resetSandbox(sandbox.stateDir);
    expect(await readdir(sandbox.stateDir)).not.toContain('state.json');
    expect((await failureOf(client.send(new DescribeOrganizationCommand({})))).name).toBe(
      'AWSOrganizationsNotInUseException',
    );
    await client.send(new CreateOrganizationCommand({}));
    expect((await readState(sandbox.stateDir)).revision).toBe(1);
  });

  test('a state.json it cannot read stops the sandbox with a SandboxStateError saying what to do', async () => {
    const stateDir = await temporaryStateDir();
    await writeFile(
      join(stateDir, 'state.json'),
      '{"schemaVersion": 99, "revision": 3, "managementAccountId": "1", "services": {}}',
    );
    await expect(startTestSandbox({ stateDir })).rejects.toThrow(SandboxStateError);
    await expect(startTestSandbox({ stateDir })).rejects.toThrow(
      'has schemaVersion 99, this awsarch reads 1; reset the sandbox',
    );
    await writeFile(join(stateDir, 'state.json'), '{ not json');
    await expect(startTestSandbox({ stateDir })).rejects.toThrow('is not valid JSON');
  });

  test('a lock left by a dead process is broken; a fresh lock of a live one is waited for', async () => {
    const stateDir = await temporaryStateDir();
    const deadPid = 2 ** 22 + 12345;
    const lockPath = join(stateDir, 'state.lock');
    await writeFile(
      lockPath,
      JSON.stringify({ pid: deadPid, hostname: hostname(), acquiredAt: Date.now(), token: 'dead' }),
    );
    const sandbox = await startTestSandbox({ stateDir });
    const client = organizationsClient(sandbox);
    await client.send(new CreateOrganizationCommand({}));

    await writeFile(
      lockPath,
      JSON.stringify({ pid: process.pid, hostname: hostname(), acquiredAt: Date.now(), token: 'live' }),
    );
    let answered = false;
    const pending = client.send(new DescribeOrganizationCommand({})).then(() => (answered = true));
    // Showing that nothing happens needs a pause; there is no event to await.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(answered).toBe(false);
    await writeFile(
      lockPath,
      JSON.stringify({ pid: process.pid, hostname: hostname(), acquiredAt: Date.now() - 31_000, token: 'hung' }),
    );
    await pending;
    expect(answered).toBe(true);
  });
});
