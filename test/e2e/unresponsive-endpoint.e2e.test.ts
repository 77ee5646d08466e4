import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHtmlServer, startSilentServer, type TestServer } from '../helpers/unresponsive-servers.js';
import { newStateDir, ROOT, runAwsarch, startAwsarch } from './run-binary.js';

// Any credentials do: the endpoint never checks them.
const CREDENTIALS = { AWS_ACCESS_KEY_ID: 'AKIAEXAMPLEEXAMPLE00', AWS_SECRET_ACCESS_KEY: 'secret' };
const servers: TestServer[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(server: Promise<TestServer>): Promise<TestServer> {
  const started = await server;
  servers.push(started);
  return started;
}

const json = (text: string) => JSON.parse(text) as { error: { code: string; message: string; hint?: string } };

describe('an endpoint that accepts connections and never answers', () => {
  it('fails after the request timeout and the SDK retries, naming the endpoint and the call', async () => {
    const silent = await serve(startSilentServer());
    const run = await runAwsarch(
      ['--endpoint-url', silent.endpoint, '--request-timeout', '500ms', '--output', 'json', 'account', 'list'],
      newStateDir(),
      CREDENTIALS,
    );
    expect(run.code, run.stderr).toBe(1);
    expect(json(run.stdout).error).toMatchObject({
      code: 'aws-timeout',
      message: `Reading the organization failed: no answer from ${silent.endpoint} for Organizations.DescribeOrganization within 500ms (6 attempts)`,
      hint: expect.stringContaining('--request-timeout'),
    });
    expect(silent.connections).toBe(6);
  });

  it('takes the timeout from AWSARCH_REQUEST_TIMEOUT, and refuses a bad one (exit 2)', async () => {
    const silent = await serve(startSilentServer());
    const run = await runAwsarch(['--endpoint-url', silent.endpoint, 'account', 'list'], newStateDir(), {
      ...CREDENTIALS,
      AWSARCH_REQUEST_TIMEOUT: '300ms',
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('within 300ms (6 attempts)');
    const bad = await runAwsarch(['--request-timeout', 'soon', 'account', 'list'], newStateDir(), CREDENTIALS);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^error: --request-timeout must be a duration such as 30s or 1500ms; got "soon"$/m);
    expect(silent.connections).toBe(6);
  });

  it('ends on the first Ctrl-C with exit 130 (plain output)', async () => {
    const silent = await serve(startSilentServer());
    const child = startAwsarch(
      ['--endpoint-url', silent.endpoint, '--output', 'json', 'account', 'list'],
      newStateDir(),
      CREDENTIALS,
    );
    await silent.arrived();
    child.kill('SIGINT');
    const run = await child.done;
    expect(run.code).toBe(130);
    expect(json(run.stdout).error).toMatchObject({ code: 'interrupted' });
  });

  it('ends on the first Ctrl-C with exit 130 on a terminal (the TUI)', async () => {
    const silent = await serve(startSilentServer());
    // `script` gives the command a pseudo-terminal: Ctrl-C is a keypress there, turned into SIGINT by the tty.
    // `exec` leaves no shell in between (dash, CI's /bin/sh, dies of the SIGINT itself), and `-e` makes script
    // exit with awsarch's own status.
    const command = `exec ${process.execPath} ${join(ROOT, 'bin', 'awsarch')} --endpoint-url ${silent.endpoint} account list`;
    const child = spawn('script', ['-qfec', command, '/dev/null'], {
      cwd: ROOT,
      env: {
        ...process.env,
        ...CREDENTIALS,
        CI: '',
        TERM: 'xterm',
        SHELL: '/bin/sh',
        AWSARCH_SANDBOX_DIR: newStateDir(),
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    await silent.arrived();
    child.stdin.write('\u0003');
    const code = await exited;
    expect(output).toContain('interrupted; nothing is lost - re-run the same command to resume');
    expect(code).toBe(130);
  });
});

describe('an endpoint that answers with a web page', () => {
  it('says that the answer is not from an AWS API, with the status, the endpoint and the call', async () => {
    const html = await serve(startHtmlServer(404));
    const run = await runAwsarch(
      ['--endpoint-url', html.endpoint, '--output', 'json', 'account', 'list'],
      newStateDir(),
      CREDENTIALS,
    );
    expect(run.code, run.stderr).toBe(1);
    expect(json(run.stdout).error).toMatchObject({
      code: 'aws-not-aws-response',
      message: `Reading the organization failed: HTTP 404 from ${html.endpoint} for Organizations.DescribeOrganization: not an AWS API response`,
    });
    const plain = await runAwsarch(['--endpoint-url', html.endpoint, 'hybrid', 'status'], newStateDir(), CREDENTIALS);
    expect(plain.code).toBe(1);
    expect(plain.stderr).toContain(
      `HTTP 404 from ${html.endpoint} for DirectConnect.DescribeVirtualInterfaces: not an AWS API response`,
    );
    expect(plain.stderr).not.toMatch(/SyntaxError|UnknownError|Deserialization/);
  });
});
