import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import {
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  DescribeCreateAccountStatusCommand,
  ListRootsCommand,
  paginateListAccounts,
  paginateListOrganizationalUnitsForParent,
} from '@aws-sdk/client-organizations';
import { build } from 'esbuild';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { organizationsClient, readSandboxState, startTestSandbox, temporaryStateDir, waitFor } from './helpers.js';

let childScript: string;
const children: ChildProcess[] = [];

let buildDir: string;

beforeAll(async () => {
  buildDir = await mkdtemp(join(tmpdir(), 'awsarch-sandbox-child-'));
  childScript = join(buildDir, 'sandbox-process.mjs');
  await build({
    entryPoints: [fileURLToPath(new URL('./fixtures/sandbox-process.ts', import.meta.url))],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: childScript,
    logLevel: 'silent',
    // Bundled CommonJS dependencies (yaml, used by the CloudFormation stand-in) call require().
    banner: {
      js: "import { createRequire as bannerCreateRequire } from 'node:module'; const require = bannerCreateRequire(import.meta.url);",
    },
  });
});

afterAll(() => rm(buildDir, { recursive: true, force: true }));

afterEach(() => {
  for (const child of children.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/** Starts a sandbox in a separate Node process and resolves once it listens. */
async function startChildSandbox(
  stateDir: string,
  createAccountMs: number,
): Promise<{ endpoint: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [childScript, stateDir, String(createAccountMs)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  const firstLine = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`sandbox process exited with ${code}`)));
  });
  return { endpoint: (JSON.parse(firstLine) as { endpoint: string }).endpoint, child };
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) =>
    child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve()),
  );
}

describe('sandboxes in separate processes', () => {
  test('concurrent writes through a child process sandbox and an in-process one are all kept', async () => {
    const stateDir = await temporaryStateDir();
    const { endpoint } = await startChildSandbox(stateDir, 0);
    const viaChild = organizationsClient({ endpoint });
    const viaThisProcess = organizationsClient(await startTestSandbox({ stateDir }));
    await viaChild.send(new CreateOrganizationCommand({}));
    const rootId = (await viaThisProcess.send(new ListRootsCommand({}))).Roots?.[0]?.Id;
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        (i % 2 === 0 ? viaChild : viaThisProcess).send(
          new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: `unit-${i}` }),
        ),
      ),
    );
    const names: string[] = [];
    for await (const page of paginateListOrganizationalUnitsForParent({ client: viaChild }, { ParentId: rootId })) {
      names.push(...(page.OrganizationalUnits ?? []).map((ou) => ou.Name ?? ''));
    }
    expect(names).toHaveLength(50);
    expect(new Set(names)).toEqual(new Set(Array.from({ length: 50 }, (_, i) => `unit-${i}`)));
  }, 30_000);

  test('kill -9 of a sandbox process in the middle of CreateAccount requests leaves a usable, complete state', async () => {
    const stateDir = await temporaryStateDir();
    const { endpoint, child } = await startChildSandbox(stateDir, 300);
    const client = organizationsClient({ endpoint });
    await client.send(new CreateOrganizationCommand({}));

    const acknowledged: string[] = [];
    let killed = false;
    const requests = Array.from({ length: 40 }, (_, i) =>
      client.send(new CreateAccountCommand({ Email: `crash${i}@example.com`, AccountName: `crash${i}` })).then(
        (response) => {
          acknowledged.push(response.CreateAccountStatus?.Id ?? '');
          if (acknowledged.length === 10 && !killed) {
            killed = true;
            child.kill('SIGKILL');
          }
        },
        () => undefined,
      ),
    );
    await Promise.all(requests);
    await exited(child);
    expect(child.signalCode).toBe('SIGKILL');
    expect(acknowledged.length).toBeGreaterThanOrEqual(10);
    expect(acknowledged.length).toBeLessThan(40);

    expect((await readSandboxState(stateDir)).services.organizations.organization).toBeDefined();
    const recovered = organizationsClient(await startTestSandbox({ stateDir }));
    const statuses = await waitFor(async () => {
      const current = await Promise.all(
        acknowledged.map(
          async (id) =>
            (await recovered.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: id })))
              .CreateAccountStatus,
        ),
      );
      return current.every((status) => status?.State !== 'IN_PROGRESS') ? current : undefined;
    });
    expect(statuses.map((status) => status?.State)).toEqual(acknowledged.map(() => 'SUCCEEDED'));
    const accountIds: string[] = [];
    for await (const page of paginateListAccounts({ client: recovered }, {}))
      accountIds.push(...(page.Accounts ?? []).map((a) => a.Id ?? ''));
    for (const status of statuses) expect(accountIds).toContain(status?.AccountId);
    for (const dir of [stateDir, join(stateDir, 'state')])
      expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  }, 30_000);
});
