import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
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
import {
  failureOf,
  organizationsClient,
  readSandboxState,
  startTestSandbox,
  stsClient,
  temporaryStateDir,
} from './helpers.js';

const journalOf = (stateDir: string) => join(stateDir, 'state', 'journal.ndjson');

/** The journal's lines after the header, parsed (each line is `CRC32 JSON`). */
async function journalEntries(stateDir: string): Promise<Array<{ rev: number; ops: Array<[string[], unknown?]> }>> {
  const lines = (await readFile(journalOf(stateDir), 'utf8')).split('\n').filter(Boolean);
  return lines.slice(1).map((line) => JSON.parse(line.slice(9)));
}

describe('persisted state', () => {
  test('the state is versioned and laid out by service; the journal records only the paths a request changed', async () => {
    const sandbox = await startTestSandbox();
    const client = organizationsClient(sandbox);
    await client.send(new CreateOrganizationCommand({}));
    const state = await readSandboxState(sandbox.stateDir);
    expect(state).toMatchObject({ schemaVersion: 1, revision: 1, managementAccountId: SANDBOX_MANAGEMENT_ACCOUNT_ID });
    expect(Object.keys(state.services.organizations).sort()).toEqual(
      ['accounts', 'createAccountRequests', 'organization', 'organizationalUnits', 'roots', 'sequence', 'tags'].sort(),
    );
    await client.send(
      new TagResourceCommand({ ResourceId: SANDBOX_MANAGEMENT_ACCOUNT_ID, Tags: [{ Key: 'team', Value: 'platform' }] }),
    );
    const entries = await journalEntries(sandbox.stateDir);
    expect(entries.map((entry) => entry.rev)).toEqual([1, 2]);
    expect(entries[1]?.ops).toEqual([
      [['services', 'organizations', 'tags', SANDBOX_MANAGEMENT_ACCOUNT_ID], [{ Key: 'team', Value: 'platform' }]],
    ]);
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

  test('read-only and failing operations write nothing; changing ones append one entry each', async () => {
    const sandbox = await startTestSandbox();
    const client = organizationsClient(sandbox);
    await client.send(new CreateOrganizationCommand({}));
    const before = await stat(journalOf(sandbox.stateDir));
    await client.send(new ListAccountsCommand({}));
    await client.send(new DescribeOrganizationCommand({}));
    await stsClient(sandbox).send(new GetCallerIdentityCommand({}));
    await failureOf(client.send(new CreateOrganizationCommand({})));
    const after = await stat(journalOf(sandbox.stateDir));
    expect(after.size).toBe(before.size);
    expect((await readSandboxState(sandbox.stateDir)).revision).toBe(1);
    await client.send(
      new TagResourceCommand({ ResourceId: SANDBOX_MANAGEMENT_ACCOUNT_ID, Tags: [{ Key: 'a', Value: 'b' }] }),
    );
    expect((await readSandboxState(sandbox.stateDir)).revision).toBe(2);
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
    const state = await readSandboxState(stateDir);
    expect(state.services.organizations.tags[SANDBOX_MANAGEMENT_ACCOUNT_ID]).toHaveLength(40);
    expect(state.revision).toBe(101);
    expect(left.calls.length + right.calls.length).toBe(1 + 1 + 100 + 2 * 3);
  });

  test('resetSandbox deletes the state but keeps the directory; a running sandbox starts over', async () => {
    const sandbox = await startTestSandbox();
    const client = organizationsClient(sandbox);
    await client.send(new CreateOrganizationCommand({}));
    await resetSandbox(sandbox.stateDir);
    expect(await readdir(sandbox.stateDir)).not.toContain('state');
    expect((await failureOf(client.send(new DescribeOrganizationCommand({})))).name).toBe(
      'AWSOrganizationsNotInUseException',
    );
    await client.send(new CreateOrganizationCommand({}));
    expect((await readSandboxState(sandbox.stateDir)).revision).toBe(1);
  });

  test('a state.json of an earlier sandbox is brought over once; one it cannot read stops it with a SandboxStateError', async () => {
    const stateDir = await temporaryStateDir();
    const legacy = {
      schemaVersion: 1,
      revision: 7,
      managementAccountId: SANDBOX_MANAGEMENT_ACCOUNT_ID,
      services: { organizations: { sequence: 3, roots: {}, organizationalUnits: {}, accounts: {}, tags: {} } },
    };
    await writeFile(join(stateDir, 'state.json'), JSON.stringify(legacy));
    await startTestSandbox({ stateDir });
    expect(await readdir(stateDir)).not.toContain('state.json');
    expect(await readSandboxState(stateDir)).toEqual(legacy);

    const other = await temporaryStateDir();
    await writeFile(
      join(other, 'state.json'),
      '{"schemaVersion": 99, "revision": 3, "managementAccountId": "1", "services": {}}',
    );
    await expect(startTestSandbox({ stateDir: other })).rejects.toThrow(SandboxStateError);
    await expect(startTestSandbox({ stateDir: other })).rejects.toThrow(
      'has schemaVersion 99, this sandbox reads 1; reset the sandbox',
    );
    await writeFile(join(other, 'state.json'), '{ not json');
    await expect(startTestSandbox({ stateDir: other })).rejects.toThrow('is not valid JSON');
  });

  test('a damaged journal stops the sandbox with a SandboxStateError saying what to do', async () => {
    const stateDir = await temporaryStateDir();
    const sandbox = await startTestSandbox({ stateDir });
    await organizationsClient(sandbox).send(new CreateOrganizationCommand({}));
    await sandbox.close();
    await writeFile(journalOf(stateDir), 'not a journal\n');
    await expect(startTestSandbox({ stateDir })).rejects.toThrow(
      /journal\.ndjson does not start with a journal header; reset the sandbox to start over/,
    );
  });

  test('writes wait for a live lock and break a dead or hung one; reads never wait for it', async () => {
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
    let written = false;
    const pending = client
      .send(new TagResourceCommand({ ResourceId: SANDBOX_MANAGEMENT_ACCOUNT_ID, Tags: [{ Key: 'k', Value: 'v' }] }))
      .then(() => (written = true));
    pending.catch(() => undefined); // observed below, after the pause
    expect((await client.send(new DescribeOrganizationCommand({}))).Organization).toBeDefined();
    // Showing that nothing happens needs a pause; there is no event to await.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(written).toBe(false);
    await writeFile(
      lockPath,
      JSON.stringify({ pid: process.pid, hostname: hostname(), acquiredAt: Date.now() - 31_000, token: 'hung' }),
    );
    await pending;
    expect(written).toBe(true);
  });
});
