import { randomUUID } from 'node:crypto';
import { SandboxServiceError } from '../../errors.js';
import type { HandlerContext, OperationInput } from '../../types.js';
import { s3State } from '../s3/model.js';
import { readObjectContent } from '../s3/operations.js';
import { beginDeployment } from './execution.js';
import { findStack, isInProgress, stacksIn, type ChangeSetRecord, type StackRecord } from './model.js';
import {
  activeResources,
  evaluateConditions,
  parameterValues,
  plannedChanges,
  requiredCapabilities,
  resolveParameters,
  type StackLocation,
} from './plan.js';
import { parseTemplate } from './template.js';

const validation = (message: string) => new SandboxServiceError('ValidationError', message);
const NO_CHANGES =
  "The submitted information didn't contain changes. Submit different information to create a change set.";

export function locationOf(
  accountId: string,
  region: string,
  stack: Pick<StackRecord, 'stackName' | 'stackId'>,
): StackLocation {
  return { accountId, region, stackName: stack.stackName, stackId: stack.stackId };
}

export function executionContext(ctx: HandlerContext, stack: StackRecord) {
  return {
    state: ctx.state,
    options: ctx.options,
    now: ctx.now(),
    location: locationOf(ctx.caller.accountId, ctx.region, stack),
  };
}

/** A template body, given inline or as the URL of an object in the sandbox's S3 (path-style, virtual-hosted or s3://). */
async function templateBodyOf(input: OperationInput, ctx: HandlerContext): Promise<string> {
  if (typeof input.TemplateBody === 'string') return input.TemplateBody;
  if (typeof input.TemplateURL !== 'string')
    throw validation('Either Template URL or Template Body must be specified.');
  const url = new URL(input.TemplateURL);
  const virtualHost = /^(.+)\.s3[.-]/.exec(url.hostname)?.[1];
  const parts = decodeURIComponent(url.pathname).split('/').filter(Boolean);
  const [bucketName, key] =
    url.protocol === 's3:'
      ? [url.hostname, parts.join('/')]
      : virtualHost
        ? [virtualHost, parts.join('/')]
        : [parts[0], parts.slice(1).join('/')];
  const object = s3State(ctx.state).buckets[bucketName ?? '']?.objects[key ?? ''];
  if (!object) throw validation(`S3 error: Access Denied or no such object: ${input.TemplateURL}`);
  return (await readObjectContent(ctx.options.stateDir, object.sha256)).toString('utf8');
}

function changeSetOf(ctx: HandlerContext, input: OperationInput): { stack: StackRecord; changeSet: ChangeSetRecord } {
  const nameOrId = String(input.ChangeSetName ?? '');
  const stacks = stacksIn(ctx.state, ctx.caller.accountId, ctx.region);
  const candidates = nameOrId.startsWith('arn:')
    ? stacks
    : stacks.filter((stack) => stack === findStack(stacks, String(input.StackName ?? '')));
  for (const stack of candidates) {
    const changeSet = stack.changeSets.find(
      (candidate) =>
        (candidate.id === nameOrId || candidate.name === nameOrId) && candidate.status !== 'DELETE_COMPLETE',
    );
    if (changeSet) return { stack, changeSet };
  }
  throw new SandboxServiceError('ChangeSetNotFound', `ChangeSet [${nameOrId}] does not exist`, { status: 404 });
}

export async function createChangeSet(input: OperationInput, ctx: HandlerContext): Promise<unknown> {
  const stackName = String(input.StackName ?? '');
  const type = String(input.ChangeSetType ?? 'UPDATE');
  if (type !== 'CREATE' && type !== 'UPDATE')
    throw validation(`The awsarch sandbox does not support ChangeSetType ${type}`);
  const stacks = stacksIn(ctx.state, ctx.caller.accountId, ctx.region);
  let stack = findStack(stacks, stackName);
  if (type === 'CREATE' && stack && stack.status !== 'REVIEW_IN_PROGRESS')
    throw new SandboxServiceError('AlreadyExistsException', `Stack [${stackName}] already exists`);
  if (type === 'UPDATE' && !stack) throw validation(`Stack [${stackName}] does not exist`);
  if (stack && (isInProgress(stack.status) || stack.status === 'ROLLBACK_COMPLETE')) {
    throw validation(`Stack:${stack.stackId} is in ${stack.status} state and can not be updated.`);
  }
  const usePrevious = input.UsePreviousTemplate === true || input.UsePreviousTemplate === 'true';
  if (usePrevious && !stack?.templateBody)
    throw validation('UsePreviousTemplate can only be used with an existing stack.');
  const body = usePrevious ? (stack?.templateBody as string) : await templateBodyOf(input, ctx);
  const template = parseTemplate(body);
  const now = new Date(ctx.now()).toISOString();
  const stackId =
    stack?.stackId ?? `arn:aws:cloudformation:${ctx.region}:${ctx.caller.accountId}:stack/${stackName}/${randomUUID()}`;
  const location: StackLocation = { accountId: ctx.caller.accountId, region: ctx.region, stackName, stackId };
  const parameters = resolveParameters(
    template,
    (input.Parameters as never[] | '' | undefined) || [],
    stack?.parameters ?? [],
    ctx.state,
    location,
  );
  const capabilities = Array.isArray(input.Capabilities) ? input.Capabilities.map(String) : [];
  const missingCapabilities = requiredCapabilities(template).filter((capability) => !capabilities.includes(capability));
  if (missingCapabilities.length)
    throw new SandboxServiceError(
      'InsufficientCapabilitiesException',
      `Requires capabilities : [${missingCapabilities.join(', ')}]`,
    );
  const resources = activeResources(
    template,
    evaluateConditions(template, parameterValues(template, parameters, location)),
  );
  if (!stack) {
    stack = {
      stackId,
      stackName,
      status: 'REVIEW_IN_PROGRESS',
      createdAt: now,
      parameters: [],
      capabilities,
      tags: (Array.isArray(input.Tags) ? input.Tags : []) as StackRecord['tags'],
      terminationProtection: false,
      outputs: [],
      resources: {},
      events: [],
      changeSets: [],
    };
    stacks.push(stack);
  }
  const changes = plannedChanges(resources, stack.resources);
  // CloudFormation refuses a change set only when neither the template nor a parameter changed.
  const empty =
    type === 'UPDATE' &&
    changes.length === 0 &&
    stack.templateBody === body &&
    JSON.stringify(parameters) === JSON.stringify(stack.parameters);
  const changeSet: ChangeSetRecord = {
    id: `arn:aws:cloudformation:${ctx.region}:${ctx.caller.accountId}:changeSet/${String(input.ChangeSetName ?? 'cs')}/${randomUUID()}`,
    name: String(input.ChangeSetName ?? ''),
    type,
    status: empty ? 'FAILED' : 'CREATE_COMPLETE',
    ...(empty ? { statusReason: NO_CHANGES } : {}),
    executionStatus: empty ? 'UNAVAILABLE' : 'AVAILABLE',
    templateBody: body,
    parameters,
    capabilities,
    tags: (Array.isArray(input.Tags) ? input.Tags : []) as ChangeSetRecord['tags'],
    changes,
    description: typeof input.Description === 'string' ? input.Description : undefined,
    createdAt: now,
  };
  if (type === 'CREATE') stack.description = template.Description;
  stack.changeSets.push(changeSet);
  return { Id: changeSet.id, StackId: stack.stackId };
}

export function describeChangeSet(input: OperationInput, ctx: HandlerContext): unknown {
  const { stack, changeSet } = changeSetOf(ctx, input);
  return {
    ChangeSetName: changeSet.name,
    ChangeSetId: changeSet.id,
    StackId: stack.stackId,
    StackName: stack.stackName,
    Description: changeSet.description,
    Parameters: changeSet.parameters.map(({ ParameterKey, ParameterValue, ResolvedValue }) => ({
      ParameterKey,
      ParameterValue,
      ResolvedValue,
    })),
    CreationTime: new Date(changeSet.createdAt),
    ExecutionStatus: changeSet.executionStatus,
    Status: changeSet.status,
    StatusReason: changeSet.statusReason,
    Capabilities: changeSet.capabilities,
    Tags: changeSet.tags,
    Changes: changeSet.changes.map((change) => ({
      Type: 'Resource',
      ResourceChange: { ...change, Scope: change.Action === 'Modify' ? ['Properties'] : [], Details: [] },
    })),
    IncludeNestedStacks: false,
  };
}

export function executeChangeSet(input: OperationInput, ctx: HandlerContext): unknown {
  const { stack, changeSet } = changeSetOf(ctx, input);
  if (changeSet.executionStatus !== 'AVAILABLE') {
    throw new SandboxServiceError(
      'InvalidChangeSetStatus',
      `ChangeSet [${changeSet.id}] cannot be executed in its current execution status of [${changeSet.executionStatus}]`,
    );
  }
  if (isInProgress(stack.status))
    throw validation(`Stack:${stack.stackId} is in ${stack.status} state and can not be updated.`);
  changeSet.executionStatus = 'EXECUTE_IN_PROGRESS';
  // Executing a change set deletes the stack's other change sets, as CloudFormation does (and keeps state.json small).
  stack.changeSets = [changeSet];
  beginDeployment(
    stack,
    {
      templateBody: changeSet.templateBody,
      parameters: changeSet.parameters,
      changeSetId: changeSet.id,
      clientRequestToken: typeof input.ClientRequestToken === 'string' ? input.ClientRequestToken : undefined,
    },
    executionContext(ctx, stack),
  );
  return {};
}

export function deleteChangeSet(input: OperationInput, ctx: HandlerContext): unknown {
  let found: ReturnType<typeof changeSetOf>;
  try {
    found = changeSetOf(ctx, input);
  } catch (error) {
    // DeleteChangeSet of a change set that is not there succeeds (its only documented error is InvalidChangeSetStatus).
    if ((error as SandboxServiceError).code === 'ChangeSetNotFound') return {};
    throw error;
  }
  const { stack, changeSet } = found;
  if (changeSet.executionStatus === 'EXECUTE_IN_PROGRESS')
    throw new SandboxServiceError('InvalidChangeSetStatus', `Cannot delete ChangeSet in status EXECUTE_IN_PROGRESS`);
  stack.changeSets = stack.changeSets.filter((candidate) => candidate !== changeSet);
  // Deleting the only change set of a stack that was never created removes the stack, as CloudFormation does.
  if (stack.status === 'REVIEW_IN_PROGRESS' && stack.changeSets.length === 0) {
    stack.status = 'DELETE_COMPLETE';
    stack.deletedAt = new Date(ctx.now()).toISOString();
  }
  return {};
}

export function listChangeSets(input: OperationInput, ctx: HandlerContext): unknown {
  const stack = findStack(stacksIn(ctx.state, ctx.caller.accountId, ctx.region), String(input.StackName ?? ''));
  if (!stack) throw validation(`Stack [${String(input.StackName ?? '')}] does not exist`);
  return {
    Summaries: stack.changeSets
      .filter((changeSet) => changeSet.status !== 'DELETE_COMPLETE')
      .map((changeSet) => ({
        StackId: stack.stackId,
        StackName: stack.stackName,
        ChangeSetId: changeSet.id,
        ChangeSetName: changeSet.name,
        ExecutionStatus: changeSet.executionStatus,
        Status: changeSet.status,
        StatusReason: changeSet.statusReason,
        CreationTime: new Date(changeSet.createdAt),
      })),
  };
}
