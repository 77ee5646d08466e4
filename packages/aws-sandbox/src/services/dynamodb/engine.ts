import { spawn, type ChildProcess } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { mkdir } from 'node:fs/promises';
import nodeModule from 'node:module';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { SandboxServiceError } from '../../errors.js';
import type { ServerResource } from '../../server-resources.js';
import type { ProtocolRequest, ProtocolResponse } from '../../types.js';
import { ENGINE_SCRIPT } from './engine-script.js';
import { PRIVATE_DIR } from '../../private-files.js';

/** How long a sandbox waits for another process to release an account's DynamoDB data. */
const LOCK_WAIT_MS = 30_000;
const TARGET_PREFIX = 'DynamoDB_20120810';

export interface EngineLocation {
  readonly dataDir: string;
  readonly accountId: string;
  readonly region: string;
}

/** What dynalite answered: the status and the parsed body. */
export interface EngineReply {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/**
 * One account's DynamoDB in one region: dynalite (a DynamoDB implementation on LevelDB, on disk under the
 * state directory) in a child process of the sandbox, started on first use. Data is on disk, so other
 * awsarch processes see it; LevelDB lets one process open it at a time, so a second sandbox waits for
 * the first to exit (`awsarch sandbox start` shares one). A separate process also keeps DynamoDB work
 * off the sandbox's event loop.
 */
export class DynamoEngine implements ServerResource {
  private child: ChildProcess | undefined;
  private starting: Promise<number> | undefined;
  private stderr = '';

  constructor(
    readonly location: EngineLocation,
    private readonly onExit: () => void,
  ) {}

  /** Forwards a DynamoDB request as it came and returns dynalite's response. */
  async forward(request: Pick<ProtocolRequest, 'headers' | 'body'>): Promise<ProtocolResponse> {
    const port = await this.port();
    const headers: Record<string, string> = {};
    for (const name of ['content-type', 'x-amz-target', 'authorization', 'x-amz-date', 'x-amz-security-token']) {
      const value = request.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    headers['content-length'] = String(request.body.length);
    const reply = await post(port, headers, request.body);
    const contentType = reply.headers['content-type'];
    const responseHeaders: Record<string, string> = {
      'content-type': typeof contentType === 'string' ? contentType : 'application/x-amz-json-1.0',
    };
    for (const name of ['x-amzn-requestid', 'x-amz-crc32']) {
      const value = reply.headers[name];
      if (typeof value === 'string') responseHeaders[name] = value;
      else if (Array.isArray(value) && value[0] !== undefined) responseHeaders[name] = value[0];
    }
    if (reply.status >= 400) responseHeaders['x-amzn-errortype'] = errorTypeOf(reply.body);
    const body = reply.status < 400 ? withoutDynaliteExtras(reply.body) : reply.body;
    // The checksum covers the body as dynalite wrote it.
    if (body !== reply.body) delete responseHeaders['x-amz-crc32'];
    return { status: reply.status, headers: responseHeaders, body };
  }

  /** Calls an operation directly (for tables CloudFormation declared). */
  async call(operation: string, input: Record<string, unknown>): Promise<EngineReply> {
    const port = await this.port();
    const body = Buffer.from(JSON.stringify(input));
    const reply = await post(
      port,
      {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': `${TARGET_PREFIX}.${operation}`,
        'x-amz-date': '20260101T000000Z',
        authorization: `AWS4-HMAC-SHA256 Credential=AKIDSANDBOX/20260101/${this.location.region}/dynamodb/aws4_request, SignedHeaders=host, Signature=sandbox`,
        'content-length': String(body.length),
      },
      body,
    );
    return { status: reply.status, body: JSON.parse(reply.body || '{}') as Record<string, unknown> };
  }

  async close(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    if (child.connected) child.disconnect();
    else child.kill();
    await exited;
  }

  private port(): Promise<number> {
    this.starting ??= this.start().catch((error: unknown) => {
      this.starting = undefined;
      throw error;
    });
    return this.starting;
  }

  private async start(): Promise<number> {
    await mkdir(this.location.dataDir, { recursive: true, mode: PRIVATE_DIR });
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (let attempt = 1; ; attempt += 1) {
      const outcome = await this.spawnOnce();
      if ('port' in outcome) return outcome.port;
      if (outcome.error !== 'locked') {
        throw new SandboxServiceError(
          'InternalServerError',
          `The sandbox's DynamoDB engine did not start: ${outcome.error}`,
          { status: 500 },
        );
      }
      if (Date.now() > deadline) {
        throw new SandboxServiceError(
          'InternalServerError',
          `The sandbox's DynamoDB data of account ${this.location.accountId} in ${this.location.region} is in use by another awsarch process; ` +
            'wait for it to finish, or run `awsarch sandbox start` so that every process shares one sandbox.',
          { status: 500 },
        );
      }
      await delay(Math.min(1000, 50 * attempt));
    }
  }

  private spawnOnce(): Promise<{ port: number } | { error: string }> {
    const dynalitePath = resolveDynalite();
    const child = spawn(process.execPath, ['-e', ENGINE_SCRIPT, dynalitePath, this.location.dataDir], {
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      env: { ...process.env, AWS_ACCOUNT_ID: this.location.accountId, AWS_REGION: this.location.region },
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString()).slice(-2000);
    });
    return new Promise((resolve) => {
      child.once('message', (message: { port?: number; error?: string }) => {
        if (typeof message.port === 'number') {
          this.child = child;
          child.once('exit', () => {
            if (this.child === child) {
              this.child = undefined;
              this.starting = undefined;
              this.onExit();
            }
          });
          resolve({ port: message.port });
        } else resolve({ error: message.error ?? 'unknown' });
      });
      child.once('exit', (code) =>
        resolve({ error: `exited with ${String(code)} before it was ready: ${this.stderr.trim() || 'no output'}` }),
      );
    });
  }
}

/** dynalite's entry, next to this module (or, in a bundle, from the working directory's node_modules). */
function resolveDynalite(): string {
  try {
    return nodeModule.createRequire(import.meta.url).resolve('dynalite');
  } catch {
    return nodeModule.createRequire(join(process.cwd(), 'package.json')).resolve('dynalite');
  }
}

function post(
  port: number,
  headers: Record<string, string>,
  body: Buffer,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: '/', headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 500,
          headers: response.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
      response.on('error', reject);
    });
    request.on('error', (error) =>
      reject(
        new SandboxServiceError('InternalServerError', `The sandbox's DynamoDB engine failed: ${error.message}`, {
          status: 500,
        }),
      ),
    );
    request.end(body);
  });
}

/** dynalite's __type is e.g. com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException. */
function errorTypeOf(body: string): string {
  try {
    const type = (JSON.parse(body) as { __type?: string }).__type ?? 'InternalServerError';
    return type.split('#').at(-1) ?? type;
  } catch {
    return 'InternalServerError';
  }
}

/**
 * dynalite describes tables with TableThroughputModeSummary, which DynamoDB's API does not have (the SDK's
 * model of TableDescription lacks it); the sandbox answers as DynamoDB does.
 */
function withoutDynaliteExtras(body: string): string {
  if (!body.includes('"TableThroughputModeSummary"')) return body;
  const parsed = JSON.parse(body) as Record<string, Record<string, unknown> | undefined>;
  for (const key of ['Table', 'TableDescription']) delete parsed[key]?.TableThroughputModeSummary;
  return JSON.stringify(parsed);
}
