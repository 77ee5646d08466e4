import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CreateOrganizationCommand, DescribeOrganizationCommand } from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { describe, expect, test, vi } from 'vitest';
import { attachSandbox, writeServerRecord } from '../src/index.js';
import { failureOf, organizationsClient, startTestSandbox, stsClient, temporaryStateDir } from './helpers.js';

const sigv4 = (service: string) =>
  `AWS4-HMAC-SHA256 Credential=AKIAAWSARCHSANDBOX01/20260101/us-east-1/${service}/aws4_request, SignedHeaders=host;x-amz-date, Signature=00`;

describe('attachSandbox and the server record', () => {
  test('reuses the foreground sandbox recorded for the state dir, and starts its own once that one is gone', async () => {
    const stateDir = await temporaryStateDir();
    const foreground = await startTestSandbox({ stateDir });
    await writeServerRecord(stateDir, foreground);

    const attached = await attachSandbox({ stateDir });
    expect(attached).toMatchObject({ reused: true, endpoint: foreground.endpoint, port: foreground.port });
    await organizationsClient(attached).send(new CreateOrganizationCommand({}));
    expect(foreground.calls.map((call) => call.operation)).toEqual(['CreateOrganization']);
    await attached.close();
    await stsClient(foreground).send(new GetCallerIdentityCommand({}));

    await foreground.close();
    expect(await readdir(stateDir)).not.toContain('server.json');
    const own = await attachSandbox({ stateDir, createAccountMs: 0 });
    try {
      expect(own.reused).toBe(false);
      expect(own.endpoint).not.toBe(foreground.endpoint);
      expect((await organizationsClient(own).send(new DescribeOrganizationCommand({}))).Organization?.Id).toMatch(
        /^o-/,
      );
    } finally {
      await own.close();
    }
  });

  test('a record of a dead process, or of a port that is not a sandbox for this dir, is ignored', async () => {
    const stateDir = await temporaryStateDir();
    const otherSandbox = await startTestSandbox();
    await writeFile(
      join(stateDir, 'server.json'),
      JSON.stringify({
        pid: process.pid,
        port: otherSandbox.port,
        endpoint: otherSandbox.endpoint,
        stateDir,
        startedAt: '',
      }),
    );
    const first = await attachSandbox({ stateDir });
    await first.close();
    expect(first.reused).toBe(false);
    await writeFile(
      join(stateDir, 'server.json'),
      JSON.stringify({ pid: 2 ** 22 + 7, port: 1, endpoint: 'http://127.0.0.1:1', stateDir, startedAt: '' }),
    );
    const second = await attachSandbox({ stateDir });
    await second.close();
    expect(second.reused).toBe(false);
  });
});

describe('request routing', () => {
  test('an unknown signing name is UnknownServiceException naming it', async () => {
    const sandbox = await startTestSandbox();
    const response = await fetch(sandbox.endpoint, {
      method: 'POST',
      headers: { authorization: sigv4('kinesis') },
      body: '{}',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      __type: 'UnknownServiceException',
      message: expect.stringContaining("'kinesis'"),
    });
  });

  test("an unknown operation gets the protocol's error: UnknownOperationException (JSON), InvalidAction (query)", async () => {
    const sandbox = await startTestSandbox();
    const json = await fetch(sandbox.endpoint, {
      method: 'POST',
      headers: {
        authorization: sigv4('organizations'),
        'x-amz-target': 'AWSOrganizationsV20161128.DeleteEverything',
        'content-type': 'application/x-amz-json-1.1',
      },
      body: '{}',
    });
    expect(json.status).toBe(400);
    expect(((await json.json()) as { __type: string }).__type).toBe('UnknownOperationException');
    const query = await fetch(sandbox.endpoint, {
      method: 'POST',
      headers: { authorization: sigv4('sts'), 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=GetSessionToken&Version=2011-06-15',
    });
    expect(query.status).toBe(400);
    expect(await query.text()).toContain(
      '<Code>InvalidAction</Code><Message>Could not find operation GetSessionToken for version 2011-06-15</Message>',
    );
    expect(sandbox.calls.map((call) => [call.operation, call.errorCode])).toEqual([
      ['DeleteEverything', 'UnknownOperationException'],
      ['GetSessionToken', 'InvalidAction'],
    ]);
  });

  test('the sandbox prints nothing, not even for failing requests', async () => {
    const stdout = vi.spyOn(process.stdout, 'write');
    const stderr = vi.spyOn(process.stderr, 'write');
    try {
      const sandbox = await startTestSandbox({ faults: 'DescribeOrganization=ServiceException' });
      const client = organizationsClient(sandbox);
      await client.send(new CreateOrganizationCommand({}));
      await failureOf(client.send(new DescribeOrganizationCommand({})));
      await sandbox.close();
      expect(stdout).not.toHaveBeenCalled();
      expect(stderr).not.toHaveBeenCalled();
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
    }
  });
});
