import { lstat, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiGatewayV2Client, GetApiCommand } from '@aws-sdk/client-apigatewayv2';
import { CloudFormationClient, DescribeStackEventsCommand } from '@aws-sdk/client-cloudformation';
import { GetFunctionConfigurationCommand, InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_MANAGEMENT_ACCOUNT_ID, startSandbox, type RunningSandbox } from '../src/index.js';
import { deployStack, functionResources, uploadHandlers } from './fixtures/function-stack.js';
import { clientConfig, failureOf } from './helpers.js';

const ECHO = `
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
const sts = new STSClient({});
export const handler = async (event, context) => {
  if (event && event.fail) throw new TypeError('asked to fail');
  const identity = await sts.send(new GetCallerIdentityCommand({}));
  return {
    event,
    greeting: process.env.GREETING,
    functionName: context.functionName,
    remaining: context.getRemainingTimeInMillis() > 0,
    caller: identity.Arn,
    region: process.env.AWS_REGION,
    credentials: event && event.credentials
      ? { secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY, sessionToken: process.env.AWS_SESSION_TOKEN }
      : undefined,
  };
};`;

const HTTP = `
export const handler = async (event) => ({
  statusCode: 201,
  headers: { 'x-name': event.pathParameters.name },
  body: JSON.stringify({ route: event.routeKey, query: event.queryStringParameters, body: event.body, version: event.version }),
});`;

const SLOW = `export const handler = async () => { await new Promise((resolve) => setTimeout(resolve, 600)); return 'done'; };`;
const HANG = `export const handler = () => new Promise(() => {});`;

function template(keys: Record<string, string>) {
  const api = { Ref: 'Api' };
  const permission = (fn: string, path: string) => ({
    Type: 'AWS::Lambda::Permission',
    Properties: {
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': [fn, 'Arn'] },
      Principal: 'apigateway.amazonaws.com',
      SourceArn: { 'Fn::Join': ['', ['arn:aws:execute-api:us-east-1:', { Ref: 'AWS::AccountId' }, ':', api, path]] },
    },
  });
  const route = (key: string, integration: string) => ({
    Type: 'AWS::ApiGatewayV2::Route',
    Properties: { ApiId: api, RouteKey: key, Target: { 'Fn::Join': ['', ['integrations/', { Ref: integration }]] } },
  });
  const integration = (fn: string) => ({
    Type: 'AWS::ApiGatewayV2::Integration',
    Properties: {
      ApiId: api,
      IntegrationType: 'AWS_PROXY',
      IntegrationUri: { 'Fn::GetAtt': [fn, 'Arn'] },
      PayloadFormatVersion: '2.0',
    },
  });
  return {
    Resources: {
      ...functionResources('Echo', keys.echo as string, { Environment: { Variables: { GREETING: 'hello' } } }),
      ...functionResources('Http', keys.http as string),
      ...functionResources('Slow', keys.slow as string, { ReservedConcurrentExecutions: 1 }),
      ...functionResources('Hang', keys.hang as string, { Timeout: 1 }),
      Api: { Type: 'AWS::ApiGatewayV2::Api', Properties: { Name: 'test', ProtocolType: 'HTTP' } },
      Stage: { Type: 'AWS::ApiGatewayV2::Stage', Properties: { ApiId: api, StageName: '$default', AutoDeploy: true } },
      HttpIntegration: integration('Http'),
      EchoIntegration: integration('Echo'),
      HelloRoute: route('GET /hello/{name}', 'HttpIntegration'),
      UnpermittedRoute: route('GET /echo', 'EchoIntegration'),
      HelloPermission: permission('Http', '/*/*/hello/{name}'),
    },
    Outputs: {
      Echo: { Value: { Ref: 'Echo' } },
      EchoRole: { Value: { Ref: 'EchoRole' } },
      Slow: { Value: { Ref: 'Slow' } },
      Hang: { Value: { Ref: 'Hang' } },
      ApiId: { Value: api },
    },
  };
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries
      .filter((entry) => !entry.isSymbolicLink())
      .map((entry) =>
        entry.isDirectory() ? filesUnder(join(dir, entry.name)) : Promise.resolve([join(dir, entry.name)]),
      ),
  );
  return nested.flat();
}

describe('Lambda functions of a deployed stack run in the sandbox', () => {
  let sandbox: RunningSandbox;
  let outputs: Record<string, string>;
  let lambda: LambdaClient;
  const decode = (payload: Uint8Array | undefined) =>
    JSON.parse(Buffer.from(payload ?? new Uint8Array()).toString('utf8'));

  let stateDir: string;

  beforeAll(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'awsarch-lambda-test-'));
    sandbox = await startSandbox({
      stateDir,
      faults: '',
      rolePropagationMs: 0,
      cloudFormationResourceMs: 0,
      lambdaIdleMs: 2000,
    });
    const keys = await uploadHandlers(sandbox, { echo: ECHO, http: HTTP, slow: SLOW, hang: HANG });
    const deployed = await deployStack(sandbox, 'Functions', template(keys));
    expect(deployed.stack.StackStatus).toBe('CREATE_COMPLETE');
    outputs = deployed.outputs;
    lambda = new LambdaClient(clientConfig(sandbox, {}));
  }, 60_000);

  afterAll(async () => {
    await sandbox?.close();
    await rm(stateDir, { recursive: true, force: true });
  });

  it("runs the deployed package with the function's environment, the runtime's context and its role's credentials", async () => {
    const response = await lambda.send(
      new InvokeCommand({ FunctionName: outputs.Echo, Payload: Buffer.from(JSON.stringify({ ride: 7 })) }),
    );
    expect([response.StatusCode, response.FunctionError, response.ExecutedVersion]).toEqual([
      200,
      undefined,
      '$LATEST',
    ]);
    expect(decode(response.Payload)).toEqual({
      event: { ride: 7 },
      greeting: 'hello',
      functionName: outputs.Echo,
      remaining: true,
      caller: `arn:aws:sts::${SANDBOX_MANAGEMENT_ACCOUNT_ID}:assumed-role/${outputs.EchoRole}/${outputs.Echo}`,
      region: 'us-east-1',
    });
  });

  it("keeps the function's credentials out of every file it writes, and writes them for its owner only", async () => {
    const response = await lambda.send(
      new InvokeCommand({ FunctionName: outputs.Echo, Payload: Buffer.from(JSON.stringify({ credentials: true })) }),
    );
    const { credentials } = decode(response.Payload) as {
      credentials: { secretAccessKey: string; sessionToken: string };
    };
    expect(credentials.sessionToken.length).toBeGreaterThan(100);
    const files = await filesUnder(stateDir);
    expect(files.some((file) => file.includes('lambda'))).toBe(true);
    for (const file of files) {
      const text = await readFile(file, 'latin1');
      expect(text.includes(credentials.secretAccessKey), `${file} holds the secret key`).toBe(false);
      expect(text.includes(credentials.sessionToken), `${file} holds the session token`).toBe(false);
      // DynamoDB's LevelDB files are written by dynalite; their directory is the owner's only.
      if (!file.includes(`${join('dynamodb', '')}`))
        expect([file, (await lstat(file)).mode & 0o777]).toEqual([file, 0o600]);
    }
  });

  it('answers a handler error as the function error (Unhandled) with the runtime error payload, and a timeout as one', async () => {
    const failed = await lambda.send(
      new InvokeCommand({ FunctionName: outputs.Echo, Payload: Buffer.from('{"fail":true}') }),
    );
    expect(failed.FunctionError).toBe('Unhandled');
    expect(decode(failed.Payload)).toMatchObject({ errorType: 'TypeError', errorMessage: 'asked to fail' });
    const timedOut = await lambda.send(new InvokeCommand({ FunctionName: outputs.Hang }));
    expect(timedOut.FunctionError).toBe('Unhandled');
    expect(decode(timedOut.Payload).errorMessage).toMatch(/Task timed out after 1\.\d\d seconds/);
  });

  it('throttles synchronous calls beyond the reserved concurrency (429) and refuses unknown functions (404)', async () => {
    const outcomes = await Promise.allSettled([
      lambda.send(new InvokeCommand({ FunctionName: outputs.Slow })),
      lambda.send(new InvokeCommand({ FunctionName: outputs.Slow })),
    ]);
    const rejected = outcomes.filter((outcome) => outcome.status === 'rejected');
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    expect(rejected).toHaveLength(1);
    expect((rejected[0] as PromiseRejectedResult).reason).toMatchObject({
      name: 'TooManyRequestsException',
      Reason: 'ReservedFunctionConcurrentInvocationLimitExceeded',
      $metadata: { httpStatusCode: 429 },
    });
    const missing = await failureOf(lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'nope' })));
    expect([missing.name, missing.$metadata.httpStatusCode]).toEqual(['ResourceNotFoundException', 404]);
  });

  it('serves the HTTP API on 127.0.0.1: routes with path parameters, payload 2.0, only permitted integrations', async () => {
    const api = await new ApiGatewayV2Client(clientConfig(sandbox, {})).send(
      new GetApiCommand({ ApiId: outputs.ApiId }),
    );
    expect(api.ApiEndpoint).toBe(`${sandbox.endpoint}/_aws/execute-api/${outputs.ApiId}`);
    const hello = await fetch(`${api.ApiEndpoint}/hello/ada?lang=pt&lang=en`);
    expect([hello.status, hello.headers.get('x-name')]).toEqual([201, 'ada']);
    expect(await hello.json()).toEqual({ route: 'GET /hello/{name}', query: { lang: 'pt,en' }, version: '2.0' });
    const notFound = await fetch(`${api.ApiEndpoint}/nowhere`);
    expect([notFound.status, await notFound.json()]).toEqual([404, { message: 'Not Found' }]);
    // The Echo integration has no AWS::Lambda::Permission for API Gateway: API Gateway may not invoke it.
    const unpermitted = await fetch(`${api.ApiEndpoint}/echo`);
    expect([unpermitted.status, await unpermitted.json()]).toEqual([500, { message: 'Internal Server Error' }]);
  });

  it('fails the stack (and rolls it back) when a function\u2019s code is not in S3', async () => {
    const { stack } = await deployStack(sandbox, 'Broken', {
      Resources: functionResources('Broken', 'missing.zip'),
    });
    expect(stack.StackStatus).toBe('ROLLBACK_COMPLETE');
    const { StackEvents = [] } = await new CloudFormationClient(clientConfig(sandbox, {})).send(
      new DescribeStackEventsCommand({ StackName: 'Broken' }),
    );
    expect(StackEvents.find((event) => event.ResourceStatus === 'CREATE_FAILED')?.ResourceStatusReason).toContain(
      'NoSuchKey',
    );
  });
});
