import { DeferredResponse } from '../deferred-response.js';
import { SandboxServiceError } from '../errors.js';
import type { HandlerContext, OperationHandler, ServiceDefinition } from '../types.js';
import { DynamoEngine } from './dynamodb/engine.js';
import { clearDeclaration, dynamoDbState, engineDataDir, pendingTables, tableStreams } from './dynamodb/model.js';
import { StreamCapture } from './dynamodb/streams/stream-capture.js';

/** The operations dynalite implements (TransactWriteItems and Streams are not among them). */
const OPERATIONS = [
  'BatchGetItem',
  'BatchWriteItem',
  'CreateTable',
  'DeleteItem',
  'DeleteTable',
  'DescribeTable',
  'DescribeTimeToLive',
  'GetItem',
  'ListTables',
  'ListTagsOfResource',
  'PutItem',
  'Query',
  'Scan',
  'TagResource',
  'UntagResource',
  'UpdateItem',
  'UpdateTable',
] as const;

/** The account's engine in the request's region, started on first use and kept for the server's life. */
function engineFor(ctx: HandlerContext): DynamoEngine {
  const dataDir = engineDataDir(ctx.options.stateDir, ctx.state, ctx.caller.accountId, ctx.region);
  const key = `dynamodb:${dataDir}`;
  const engine: DynamoEngine = ctx.resources.use(
    key,
    () =>
      new DynamoEngine({ dataDir, accountId: ctx.caller.accountId, region: ctx.region }, () =>
        ctx.resources.drop(key, engine),
      ),
  );
  return engine;
}

/** Applies what CloudFormation declared for this account and region (under the state lock, before the request). */
async function applyDeclaredTables(ctx: HandlerContext, engine: DynamoEngine): Promise<void> {
  const pending = pendingTables(ctx.state, ctx.caller.accountId, ctx.region);
  for (const [tableName, declared] of pending) {
    const reply =
      declared.action === 'create'
        ? await engine.call('CreateTable', declared.definition ?? {})
        : await engine.call('DeleteTable', { TableName: tableName });
    const tags = declared.definition?.Tags;
    if (declared.action === 'create' && reply.status === 200 && Array.isArray(tags) && tags.length > 0) {
      await engine.call('TagResource', {
        ResourceArn: (reply.body.TableDescription as { TableArn?: string } | undefined)?.TableArn,
        Tags: tags,
      });
    }
    const type = String(reply.body.__type ?? '');
    if (reply.status >= 400 && !/ResourceInUseException|ResourceNotFoundException/.test(type)) {
      throw new SandboxServiceError(
        'InternalServerError',
        `The sandbox could not ${declared.action} table ${tableName} declared by CloudFormation: ${String(reply.body.message ?? type)}`,
        { status: 500 },
      );
    }
    clearDeclaration(ctx.state, ctx.caller.accountId, ctx.region, tableName);
  }
  if (pending.length > 0) ctx.changed();
}

/** dynalite ignores CreateTable's Tags; they are put on the new table with TagResource, as AWS keeps them. */
async function tagNewTable(
  engine: DynamoEngine,
  reply: { status: number; body: string },
  tags: unknown,
): Promise<void> {
  if (reply.status !== 200 || !Array.isArray(tags) || tags.length === 0) return;
  const arn = (JSON.parse(reply.body) as { TableDescription?: { TableArn?: string } }).TableDescription?.TableArn;
  if (arn) await engine.call('TagResource', { ResourceArn: arn, Tags: tags });
}

/** Every operation: authorized by dispatch like any other, then forwarded to the engine outside the state lock. */
const forward: OperationHandler = async (input, ctx) => {
  const known = ctx.state.services.dynamodb !== undefined;
  const engine = engineFor(ctx);
  if (!known) ctx.changed();
  await applyDeclaredTables(ctx, engine);
  const operation =
    String(ctx.request.headers['x-amz-target'] ?? '')
      .split('.')
      .at(-1) ?? '';
  const creating = operation === 'CreateTable';
  const streams = tableStreams(ctx.state, ctx.caller.accountId, ctx.region);
  if (StreamCapture.applies(operation, input, streams)) {
    const target = {
      engine,
      stateDir: ctx.options.stateDir,
      generation: dynamoDbState(ctx.state).generation,
      accountId: ctx.caller.accountId,
      region: ctx.region,
      streams,
    };
    const capture = StreamCapture.of(ctx.resources);
    return new DeferredResponse(() => capture.write(target, operation, input, ctx.request));
  }
  return new DeferredResponse(async () => {
    const reply = await engine.forward(ctx.request);
    if (creating) await tagNewTable(engine, reply, input.Tags);
    return reply;
  });
};

/**
 * Amazon DynamoDB (awsJson1.0), served by dynalite (a DynamoDB implementation on LevelDB) rather than
 * written here: one engine per account and region, so accounts never see each other's tables; SCPs
 * apply as to every service (authorization runs before forwarding). Tables of CloudFormation stacks are
 * created for real (see cloudformation/materialize.ts); their streams are the sandbox's own
 * (dynamodb/streams/: writes to a table with a stream are captured). Not available: TransactWriteItems, TTL.
 */
export const dynamoDbService: ServiceDefinition = {
  name: 'dynamodb',
  signingName: 'dynamodb',
  iamPrefix: 'dynamodb',
  protocol: 'awsJson1_0',
  sdkClient: '@aws-sdk/client-dynamodb',
  targetPrefix: 'DynamoDB_20120810',
  throttlingError: {
    code: 'ThrottlingException',
    status: 400,
    message: 'Rate of requests exceeds the allowed throughput.',
  },
  accessDeniedError: { code: 'AccessDeniedException', status: 400 },
  knownErrors: {
    ProvisionedThroughputExceededException: {
      status: 400,
      message:
        'The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.',
    },
    InternalServerError: { status: 500, message: 'Internal server error' },
  },
  operations: Object.fromEntries(OPERATIONS.map((operation) => [operation, forward])),
};
