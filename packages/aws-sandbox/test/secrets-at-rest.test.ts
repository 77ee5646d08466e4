import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  CreateAccountCommand,
  CreateOrganizationCommand,
  DescribeCreateAccountStatusCommand,
} from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { describe, expect, test } from 'vitest';
import {
  organizationsClient,
  readSandboxState,
  startTestSandbox,
  stsClient,
  temporaryStateDir,
  type Credentials,
} from './helpers.js';

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) =>
      entry.isDirectory() ? filesUnder(join(dir, entry.name)) : Promise.resolve([join(dir, entry.name)]),
    ),
  );
  return nested.flat();
}

describe('what the sandbox keeps on disk', () => {
  test('issued secret keys and session tokens appear in no state file; the credentials still work', async () => {
    const stateDir = await temporaryStateDir();
    const sandbox = await startTestSandbox({ stateDir });
    const organizations = organizationsClient(sandbox);
    await organizations.send(new CreateOrganizationCommand({}));
    const { CreateAccountStatus } = await organizations.send(
      new CreateAccountCommand({ Email: 'member@example.com', AccountName: 'member' }),
    );
    const { CreateAccountStatus: done } = await organizations.send(
      new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: CreateAccountStatus?.Id }),
    );
    const { Credentials } = await stsClient(sandbox).send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${done?.AccountId}:role/OrganizationAccountAccessRole`,
        RoleSessionName: 'secrets',
      }),
    );
    const credentials = {
      accessKeyId: Credentials?.AccessKeyId ?? '',
      secretAccessKey: Credentials?.SecretAccessKey ?? '',
      sessionToken: Credentials?.SessionToken ?? '',
    };
    const identity = await stsClient(sandbox, { credentials }).send(new GetCallerIdentityCommand({}));
    expect(identity.Account).toBe(done?.AccountId);

    const files = await filesUnder(stateDir);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const text = await readFile(file, 'latin1');
      expect(text.includes(credentials.secretAccessKey), `${file} holds the secret key`).toBe(false);
      expect(text.includes(credentials.sessionToken), `${file} holds the session token`).toBe(false);
    }
  });

  test('its state files are readable by their owner only (mode 600), its directory by its owner only', async () => {
    const stateDir = join(await temporaryStateDir(), 'created-by-the-sandbox');
    const sandbox = await startTestSandbox({ stateDir });
    await organizationsClient(sandbox).send(new CreateOrganizationCommand({}));
    for (const file of (await filesUnder(stateDir)).filter((path) => /\.json$/.test(path)))
      expect([file, (await stat(file)).mode & 0o777]).toEqual([file, 0o600]);
    expect((await stat(stateDir)).mode & 0o077).toBe(0);
  });

  test('a state file from an earlier sandbox keeps its sessions working, and its secrets are not carried over', async () => {
    const stateDir = await temporaryStateDir();
    let sandbox = await startTestSandbox({ stateDir });
    const organizations = organizationsClient(sandbox);
    await organizations.send(new CreateOrganizationCommand({}));
    const { CreateAccountStatus } = await organizations.send(
      new CreateAccountCommand({ Email: 'legacy@example.com', AccountName: 'legacy' }),
    );
    const { CreateAccountStatus: done } = await organizations.send(
      new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: CreateAccountStatus?.Id }),
    );
    const { Credentials: issued } = await stsClient(sandbox).send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${done?.AccountId}:role/OrganizationAccountAccessRole`,
        RoleSessionName: 'legacy',
      }),
    );
    await sandbox.close();
    const credentials: Credentials = {
      accessKeyId: issued?.AccessKeyId ?? '',
      secretAccessKey: issued?.SecretAccessKey ?? '',
      sessionToken: issued?.SessionToken ?? '',
    };
    // What a sandbox before the journal wrote: the whole state in state.json, with the secrets themselves.
    const state = await readSandboxState(stateDir);
    const session = state.services.sts.sessions[credentials.accessKeyId];
    delete session.sessionTokenSha256;
    Object.assign(session, { secretAccessKey: credentials.secretAccessKey, sessionToken: credentials.sessionToken });
    await rm(join(stateDir, 'state'), { recursive: true });
    await writeFile(join(stateDir, 'state.json'), JSON.stringify(state));

    sandbox = await startTestSandbox({ stateDir });
    const identity = await stsClient(sandbox, { credentials }).send(new GetCallerIdentityCommand({}));
    expect(identity.Account).toBe(done?.AccountId);
    await organizationsClient(sandbox).send(
      new CreateAccountCommand({ Email: 'another@example.com', AccountName: 'another' }),
    );
    await sandbox.close();
    const files = await filesUnder(stateDir);
    expect(files.some((file) => file.endsWith('state.json'))).toBe(false);
    for (const file of files) {
      const text = await readFile(file, 'latin1');
      expect(text.includes(credentials.secretAccessKey), `${file} holds the secret key`).toBe(false);
      expect(text.includes(credentials.sessionToken ?? ''), `${file} holds the session token`).toBe(false);
    }
  });
});
