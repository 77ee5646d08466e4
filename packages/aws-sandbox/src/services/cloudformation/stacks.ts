import { SandboxServiceError } from '../../errors.js';
import type { HandlerContext, OperationInput, SettleContext } from '../../types.js';
import { executionContext, locationOf } from './change-sets.js';
import { advanceStack, beginDeletion } from './execution.js';
import { cloudFormationState, findStack, isInProgress, requireStack, stacksIn, type StackRecord } from './model.js';
import { parseTemplate } from './template.js';

const EVENTS_PER_PAGE = 100;

function stacksOf(ctx: HandlerContext): StackRecord[] {
  return stacksIn(ctx.state, ctx.caller.accountId, ctx.region);
}

/** A stack as DescribeStacks shows it. */
function describeStack(stack: StackRecord): Record<string, unknown> {
  return {
    StackId: stack.stackId,
    StackName: stack.stackName,
    Description: stack.description,
    Parameters: stack.parameters.map(({ ParameterKey, ParameterValue, ResolvedValue }) => ({
      ParameterKey,
      ParameterValue,
      ResolvedValue,
    })),
    CreationTime: new Date(stack.createdAt),
    ...(stack.updatedAt ? { LastUpdatedTime: new Date(stack.updatedAt) } : {}),
    ...(stack.deletedAt ? { DeletionTime: new Date(stack.deletedAt) } : {}),
    StackStatus: stack.status,
    StackStatusReason: stack.statusReason,
    DisableRollback: false,
    Capabilities: stack.capabilities,
    Outputs: stack.outputs,
    Tags: stack.tags,
    EnableTerminationProtection: stack.terminationProtection,
    DriftInformation: { StackDriftStatus: 'NOT_CHECKED' },
  };
}

export function describeStacks(input: OperationInput, ctx: HandlerContext): unknown {
  if (typeof input.StackName === 'string' && input.StackName)
    return { Stacks: [describeStack(requireStack(stacksOf(ctx), input.StackName))] };
  return {
    Stacks: stacksOf(ctx)
      .filter((stack) => stack.status !== 'DELETE_COMPLETE')
      .map(describeStack),
  };
}

export function describeStackEvents(input: OperationInput, ctx: HandlerContext): unknown {
  const stack = requireStack(stacksOf(ctx), String(input.StackName ?? ''));
  const newestFirst = [...stack.events].reverse();
  const start = Number(input.NextToken ?? 0) || 0;
  const page = newestFirst.slice(start, start + EVENTS_PER_PAGE);
  const next = start + EVENTS_PER_PAGE < newestFirst.length ? String(start + EVENTS_PER_PAGE) : undefined;
  return {
    StackEvents: page.map((event) => ({ ...event, Timestamp: new Date(event.Timestamp) })),
    ...(next ? { NextToken: next } : {}),
  };
}

export function getTemplate(input: OperationInput, ctx: HandlerContext): unknown {
  const stack = requireStack(stacksOf(ctx), String(input.StackName ?? ''));
  const changeSet =
    typeof input.ChangeSetName === 'string'
      ? stack.changeSets.find(
          (candidate) => candidate.name === input.ChangeSetName || candidate.id === input.ChangeSetName,
        )
      : undefined;
  // A stack still in review (created by a change set that has not run) has no template yet: an empty one.
  return {
    TemplateBody: changeSet?.templateBody ?? stack.templateBody ?? '{}',
    StagesAvailable: ['Original', 'Processed'],
  };
}

export function getTemplateSummary(input: OperationInput, ctx: HandlerContext): unknown {
  const body =
    typeof input.TemplateBody === 'string'
      ? input.TemplateBody
      : (requireStack(stacksOf(ctx), String(input.StackName ?? '')).templateBody ?? '');
  const template = parseTemplate(body);
  return {
    Parameters: Object.entries(template.Parameters ?? {}).map(([key, parameter]) => ({
      ParameterKey: key,
      DefaultValue: parameter.Default === undefined ? undefined : String(parameter.Default),
      ParameterType: parameter.Type ?? 'String',
      NoEcho: parameter.NoEcho ?? false,
    })),
    Description: template.Description,
    ResourceTypes: [...new Set(Object.values(template.Resources ?? {}).map((resource) => resource.Type))],
    Version: '2010-09-09',
  };
}

function resourceSummary(stack: StackRecord) {
  return Object.values(stack.resources).map((resource) => ({
    LogicalResourceId: resource.logicalId,
    PhysicalResourceId: resource.physicalId,
    ResourceType: resource.type,
    ResourceStatus: resource.status,
    LastUpdatedTimestamp: new Date(resource.updatedAt),
    DriftInformation: { StackResourceDriftStatus: 'NOT_CHECKED' },
  }));
}

export function listStackResources(input: OperationInput, ctx: HandlerContext): unknown {
  return { StackResourceSummaries: resourceSummary(requireStack(stacksOf(ctx), String(input.StackName ?? ''))) };
}

export function describeStackResources(input: OperationInput, ctx: HandlerContext): unknown {
  const stack = requireStack(stacksOf(ctx), String(input.StackName ?? ''));
  const wanted = typeof input.LogicalResourceId === 'string' ? input.LogicalResourceId : undefined;
  return {
    StackResources: resourceSummary(stack)
      .filter((resource) => !wanted || resource.LogicalResourceId === wanted)
      .map(({ LastUpdatedTimestamp, DriftInformation: _drift, ...resource }) => ({
        ...resource,
        StackName: stack.stackName,
        StackId: stack.stackId,
        Timestamp: LastUpdatedTimestamp,
      })),
  };
}

export function deleteStack(input: OperationInput, ctx: HandlerContext): unknown {
  const stack = findStack(stacksOf(ctx), String(input.StackName ?? ''));
  if (!stack) return undefined;
  if (stack.terminationProtection)
    throw new SandboxServiceError(
      'ValidationError',
      `Stack [${stack.stackName}] cannot be deleted while TerminationProtection is enabled`,
    );
  if (stack.status === 'DELETE_IN_PROGRESS') return undefined;
  if (isInProgress(stack.status))
    throw new SandboxServiceError(
      'ValidationError',
      `Stack [${stack.stackName}] cannot be deleted while in status ${stack.status}`,
    );
  beginDeletion(
    stack,
    typeof input.ClientRequestToken === 'string' ? input.ClientRequestToken : undefined,
    executionContext(ctx, stack),
  );
  return undefined;
}

export function updateTerminationProtection(input: OperationInput, ctx: HandlerContext): unknown {
  const stack = requireStack(stacksOf(ctx), String(input.StackName ?? ''));
  stack.terminationProtection =
    input.EnableTerminationProtection === true || input.EnableTerminationProtection === 'true';
  return { StackId: stack.stackId };
}

/** Moves every stack operation forward to the current time (the sandbox calls this before each request). */
export async function settleStacks(ctx: SettleContext): Promise<boolean> {
  let changed = false;
  for (const [accountId, account] of Object.entries(cloudFormationState(ctx.state).accounts)) {
    for (const [region, { stacks }] of Object.entries(account.regions)) {
      for (const stack of stacks) {
        if (!stack.operation) continue;
        if (
          await advanceStack(stack, {
            state: ctx.state,
            options: ctx.options,
            now: ctx.now(),
            location: locationOf(accountId, region, stack),
          })
        )
          changed = true;
      }
    }
  }
  return changed;
}
