import { randomUUID } from 'node:crypto';
import { decideFault } from '../../faults.js';
import { cloneState, type SandboxState } from '../../state.js';
import type { ResolvedSandboxOptions } from '../../types.js';
import { attributeOf, newPhysicalId, physicalNameChanged } from './identities.js';
import { evaluate, type EvaluationScope } from './intrinsics.js';
import { dematerialize, materialize } from './materialize.js';
import {
  definitionDigest,
  type OperationStep,
  type OutputRecord,
  type ResourceRecord,
  type StackOperation,
  type StackRecord,
  type StackStatus,
} from './model.js';
import { activeResources, dependencyOrder, evaluateConditions, parameterValues, type StackLocation } from './plan.js';
import { parseTemplate, type Template } from './template.js';

/**
 * The pseudo-operation names AWSARCH_SANDBOX_FAULTS uses to fail resources: ProvisionResource=<Code> for
 * any resource, Provision<LogicalId>=<Code> for one (e.g. ProvisionQueue=NotStabilized).
 */
export const PROVISION_FAULT = 'ProvisionResource';

export interface ExecutionContext {
  readonly state: SandboxState;
  readonly options: ResolvedSandboxOptions;
  readonly now: number;
  readonly location: StackLocation;
}

/** Appends a stack or resource event. */
export function recordEvent(
  stack: StackRecord,
  at: number,
  logicalId: string,
  type: string,
  physicalId: string,
  status: string,
  reason?: string,
  token?: string,
): void {
  stack.events.push({
    EventId: randomUUID(),
    StackId: stack.stackId,
    StackName: stack.stackName,
    LogicalResourceId: logicalId,
    PhysicalResourceId: physicalId,
    ResourceType: type,
    Timestamp: new Date(at).toISOString(),
    ResourceStatus: status,
    ...(reason ? { ResourceStatusReason: reason } : {}),
    ...(token ? { ClientRequestToken: token } : {}),
  });
}

export function setStackStatus(stack: StackRecord, status: StackStatus, at: number, reason?: string): void {
  stack.status = status;
  stack.statusReason = reason;
  recordEvent(
    stack,
    at,
    stack.stackName,
    'AWS::CloudFormation::Stack',
    stack.stackId,
    status,
    reason,
    stack.operation?.clientRequestToken,
  );
}

function schedule(
  ids: readonly string[],
  action: OperationStep['action'],
  from: number,
  perResourceMs: number,
): OperationStep[] {
  return ids.map((logicalId, index) => ({
    logicalId,
    action,
    startsAt: from + index * perResourceMs,
    endsAt: from + (index + 1) * perResourceMs,
    started: false,
  }));
}

/** Starts a create or update from a template and parameters: schedules one step per changed resource. */
export function beginDeployment(
  stack: StackRecord,
  operation: Pick<StackOperation, 'templateBody' | 'parameters' | 'changeSetId' | 'clientRequestToken'>,
  ctx: ExecutionContext,
): void {
  const { resources } = evaluatedTemplate(operation.templateBody, operation.parameters, ctx.location);
  const kind = stack.status === 'REVIEW_IN_PROGRESS' ? 'CREATE' : 'UPDATE';
  // Every resource gets a step: one whose definition did not change may still see a referenced value
  // change (a replaced resource's new name); steps that change nothing are dropped when they come up.
  const ordered = dependencyOrder(resources);
  const removed = Object.keys(stack.resources)
    .filter((id) => !resources[id])
    .reverse();
  stack.operation = {
    kind,
    phase: 'forward',
    ...operation,
    steps: ordered.map((logicalId, index) => ({
      logicalId,
      action: stack.resources[logicalId] ? 'update' : 'create',
      startsAt: ctx.now + index * ctx.options.cloudFormationResourceMs,
      endsAt: ctx.now + (index + 1) * ctx.options.cloudFormationResourceMs,
      started: false,
    })),
    cleanup: removed,
    created: [],
    updated: [],
    previous: {
      templateBody: stack.templateBody,
      parameters: stack.parameters,
      resources: cloneState(stack.resources),
      outputs: stack.outputs,
    },
  };
  setStackStatus(stack, kind === 'CREATE' ? 'CREATE_IN_PROGRESS' : 'UPDATE_IN_PROGRESS', ctx.now, 'User Initiated');
}

/** Starts deleting a stack: its resources in reverse creation order. */
export function beginDeletion(stack: StackRecord, clientRequestToken: string | undefined, ctx: ExecutionContext): void {
  stack.operation = {
    kind: 'DELETE',
    phase: 'forward',
    clientRequestToken,
    templateBody: stack.templateBody ?? '',
    parameters: stack.parameters,
    steps: schedule(Object.keys(stack.resources).reverse(), 'delete', ctx.now, ctx.options.cloudFormationResourceMs),
    cleanup: [],
    created: [],
    updated: [],
    previous: { templateBody: stack.templateBody, parameters: stack.parameters, resources: {}, outputs: stack.outputs },
  };
  setStackStatus(stack, 'DELETE_IN_PROGRESS', ctx.now, 'User Initiated');
}

/** Applies the steps that are due; returns whether the stack changed. Called before every request (settle). */
export async function advanceStack(stack: StackRecord, ctx: ExecutionContext): Promise<boolean> {
  let changed = false;
  for (;;) {
    const operation = stack.operation;
    if (!operation) return changed;
    const step = operation.steps[0];
    if (!step) {
      finishPhase(stack, operation, ctx);
      changed = true;
      continue;
    }
    if (step.startsAt > ctx.now) return changed;
    if (!step.started) {
      if (step.action === 'update' && !updateChangesAnything(stack, operation, step.logicalId, ctx)) {
        operation.steps.shift();
        for (const later of operation.steps) {
          later.startsAt -= ctx.options.cloudFormationResourceMs;
          later.endsAt -= ctx.options.cloudFormationResourceMs;
        }
        continue;
      }
      step.started = true;
      changed = true;
      const existing = stack.resources[step.logicalId];
      const status = {
        create: 'CREATE_IN_PROGRESS',
        update: 'UPDATE_IN_PROGRESS',
        delete: 'DELETE_IN_PROGRESS',
        restore: 'UPDATE_IN_PROGRESS',
      }[step.action];
      recordEvent(
        stack,
        step.startsAt,
        step.logicalId,
        existing?.type ?? resourceType(operation, step.logicalId, ctx),
        existing?.physicalId ?? '',
        status,
        undefined,
        operation.clientRequestToken,
      );
    }
    if (step.endsAt > ctx.now) return changed;
    operation.steps.shift();
    await applyStep(stack, operation, step, ctx);
  }
}

/** Whether updating a resource changes it: its definition, or a value it refers to, differs from what is recorded. */
function updateChangesAnything(
  stack: StackRecord,
  operation: StackOperation,
  logicalId: string,
  ctx: ExecutionContext,
): boolean {
  const existing = stack.resources[logicalId];
  const env = { accountId: ctx.location.accountId, region: ctx.location.region, stackName: stack.stackName };
  const { resources, scope } = evaluatedTemplate(
    operation.templateBody,
    operation.parameters,
    ctx.location,
    stack,
    env,
  );
  const definition = resources[logicalId];
  if (!existing || !definition || existing.definition !== definitionDigest(definition)) return true;
  try {
    return JSON.stringify(evaluate(definition.Properties ?? {}, scope)) !== JSON.stringify(existing.properties);
  } catch {
    return true;
  }
}

function resourceType(operation: StackOperation, logicalId: string, ctx: ExecutionContext): string {
  return (
    evaluatedTemplate(operation.templateBody, operation.parameters, ctx.location).template.Resources?.[logicalId]
      ?.Type ?? 'AWS::CloudFormation::CustomResource'
  );
}

async function applyStep(
  stack: StackRecord,
  operation: StackOperation,
  step: OperationStep,
  ctx: ExecutionContext,
): Promise<void> {
  const at = step.endsAt;
  const token = operation.clientRequestToken;
  const env = { accountId: ctx.location.accountId, region: ctx.location.region, stackName: stack.stackName };
  const materializeContext = {
    state: ctx.state,
    accountId: ctx.location.accountId,
    region: ctx.location.region,
    now: at,
    stateDir: ctx.options.stateDir,
    rolePropagationMs: ctx.options.rolePropagationMs,
  };
  if (step.action === 'delete') {
    const resource = stack.resources[step.logicalId];
    if (!resource) return;
    const retain = resource.deletionPolicy === 'Retain' || resource.deletionPolicy === 'RetainExceptOnCreate';
    if (!retain) dematerialize(resource, materializeContext);
    delete stack.resources[step.logicalId];
    recordEvent(
      stack,
      at,
      resource.logicalId,
      resource.type,
      resource.physicalId,
      retain ? 'DELETE_SKIPPED' : 'DELETE_COMPLETE',
      undefined,
      token,
    );
    return;
  }
  if (step.action === 'restore') {
    const previous = operation.previous.resources[step.logicalId];
    if (!previous) return;
    stack.resources[step.logicalId] = previous;
    await materialize(previous, materializeContext);
    recordEvent(stack, at, previous.logicalId, previous.type, previous.physicalId, 'UPDATE_COMPLETE', undefined, token);
    return;
  }
  const { resources, scope } = evaluatedTemplate(
    operation.templateBody,
    operation.parameters,
    ctx.location,
    stack,
    env,
  );
  const definition = resources[step.logicalId];
  if (!definition) return;
  const existing = stack.resources[step.logicalId];
  const verb = step.action === 'create' ? 'CREATE' : 'UPDATE';
  const fault =
    decideFault(ctx.options.faults, `Provision${step.logicalId}`) ?? decideFault(ctx.options.faults, PROVISION_FAULT);
  let properties: Record<string, unknown> = {};
  let failure =
    fault?.kind === 'error'
      ? `Resource handler returned message: "Injected by the awsarch sandbox (AWSARCH_SANDBOX_FAULTS): ${fault.code}" (HandlerErrorCode: ${fault.code})`
      : undefined;
  if (!failure) {
    try {
      properties = evaluate(definition.Properties ?? {}, scope) as Record<string, unknown>;
    } catch (error) {
      failure = (error as Error).message;
    }
  }
  if (failure) {
    recordEvent(
      stack,
      at,
      step.logicalId,
      definition.Type,
      existing?.physicalId ?? '',
      `${verb}_FAILED`,
      failure,
      token,
    );
    beginRollback(stack, operation, step.logicalId, verb, ctx, at);
    return;
  }
  const replaced =
    existing !== undefined &&
    (existing.type !== definition.Type || physicalNameChanged(definition.Type, properties, existing.physicalId));
  if (existing && replaced && existing.deletionPolicy !== 'Retain') dematerialize(existing, materializeContext);
  const physicalId =
    existing && !replaced ? existing.physicalId : newPhysicalId(definition.Type, step.logicalId, properties, env);
  const record: ResourceRecord = {
    logicalId: step.logicalId,
    type: definition.Type,
    physicalId,
    status: `${verb}_COMPLETE`,
    definition: definitionDigest(definition),
    properties,
    attributes: existing?.physicalId === physicalId ? existing.attributes : {},
    deletionPolicy: definition.DeletionPolicy,
    updatedAt: new Date(at).toISOString(),
  };
  try {
    await materialize(record, materializeContext);
  } catch (error) {
    // The resource's own service refused it (a function whose code is not in S3, a bus policy that is not
    // valid...): the resource fails, as on AWS.
    const message = `Resource handler returned message: "${error instanceof Error ? error.message : String(error)}"`;
    recordEvent(stack, at, step.logicalId, definition.Type, physicalId, `${verb}_FAILED`, message, token);
    beginRollback(stack, operation, step.logicalId, verb, ctx, at);
    return;
  }
  stack.resources[step.logicalId] = record;
  (step.action === 'create' ? operation.created : operation.updated).push(step.logicalId);
  recordEvent(stack, at, step.logicalId, definition.Type, physicalId, record.status, undefined, token);
}

function beginRollback(
  stack: StackRecord,
  operation: StackOperation,
  failedId: string,
  verb: 'CREATE' | 'UPDATE',
  ctx: ExecutionContext,
  at: number,
): void {
  const reason =
    `The following resource(s) failed to ${verb.toLowerCase()}: [${failedId}]. ${operation.kind === 'CREATE' ? 'Rollback requested by user.' : ''}`.trim();
  operation.phase = 'rollback';
  operation.failure = reason;
  const undo: OperationStep[] = [
    ...schedule([...operation.created].reverse(), 'delete', at, ctx.options.cloudFormationResourceMs),
    ...schedule(
      [...operation.updated].reverse(),
      'restore',
      at + operation.created.length * ctx.options.cloudFormationResourceMs,
      ctx.options.cloudFormationResourceMs,
    ),
  ];
  operation.steps = undo;
  setStackStatus(
    stack,
    operation.kind === 'CREATE' ? 'ROLLBACK_IN_PROGRESS' : 'UPDATE_ROLLBACK_IN_PROGRESS',
    at,
    reason,
  );
}

function finishPhase(stack: StackRecord, operation: StackOperation, ctx: ExecutionContext): void {
  const at = ctx.now;
  const changeSet = stack.changeSets.find((candidate) => candidate.id === operation.changeSetId);
  if (operation.phase === 'rollback') {
    stack.operation = undefined;
    if (changeSet) {
      changeSet.executionStatus = 'EXECUTE_FAILED';
      changeSet.templateBody = '';
    }
    setStackStatus(
      stack,
      operation.kind === 'CREATE' ? 'ROLLBACK_COMPLETE' : 'UPDATE_ROLLBACK_COMPLETE',
      at,
      operation.kind === 'CREATE' ? operation.failure : undefined,
    );
    return;
  }
  if (operation.kind === 'DELETE') {
    stack.operation = undefined;
    stack.deletedAt = new Date(at).toISOString();
    setStackStatus(stack, 'DELETE_COMPLETE', at);
    return;
  }
  if (operation.phase === 'forward' && operation.cleanup.length > 0) {
    operation.phase = 'cleanup';
    operation.steps = schedule(operation.cleanup, 'delete', at, ctx.options.cloudFormationResourceMs);
    setStackStatus(stack, 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', at);
    return;
  }
  stack.templateBody = operation.templateBody;
  stack.parameters = operation.parameters;
  stack.outputs = evaluateOutputs(stack, operation, ctx);
  stack.operation = undefined;
  if (operation.kind === 'UPDATE') stack.updatedAt = new Date(at).toISOString();
  // An executed change set is gone afterwards; the stack keeps its template.
  stack.changeSets = stack.changeSets.filter((candidate) => candidate !== changeSet);
  setStackStatus(stack, operation.kind === 'CREATE' ? 'CREATE_COMPLETE' : 'UPDATE_COMPLETE', at);
}

function evaluateOutputs(stack: StackRecord, operation: StackOperation, ctx: ExecutionContext): OutputRecord[] {
  const env = { accountId: ctx.location.accountId, region: ctx.location.region, stackName: stack.stackName };
  const { template, conditions, scope } = evaluatedTemplate(
    operation.templateBody,
    operation.parameters,
    ctx.location,
    stack,
    env,
  );
  const outputs: OutputRecord[] = [];
  for (const [key, output] of Object.entries(template.Outputs ?? {})) {
    if (output.Condition && !conditions[output.Condition]) continue;
    const value = evaluate(output.Value, scope);
    const exportName = output.Export?.Name === undefined ? undefined : String(evaluate(output.Export.Name, scope));
    outputs.push({
      OutputKey: key,
      OutputValue: Array.isArray(value) ? value.join(',') : String(value),
      ...(output.Description ? { Description: output.Description } : {}),
      ...(exportName ? { ExportName: exportName } : {}),
    });
  }
  return outputs;
}

/** The template with its parameters, conditions, active resources and an evaluation scope over the stack's resources. */
export function evaluatedTemplate(
  templateBody: string,
  parameters: StackRecord['parameters'],
  location: StackLocation,
  stack?: StackRecord,
  env?: { accountId: string; region: string; stackName: string },
) {
  const template: Template = parseTemplate(templateBody);
  const values = parameterValues(template, parameters, location);
  const conditions = evaluateConditions(template, values);
  const resources = activeResources(template, conditions);
  const resourceEnv = env ?? { accountId: location.accountId, region: location.region, stackName: location.stackName };
  const scope: EvaluationScope = {
    values,
    conditions,
    mappings: template.Mappings ?? {},
    ref(logicalId) {
      const resource = stack?.resources[logicalId];
      if (!resource)
        throw new Error(
          `Template error: instance of Fn::GetAtt or Ref references ${logicalId}, which does not exist (yet)`,
        );
      return resource.physicalId;
    },
    getAtt(logicalId, attribute) {
      const resource = stack?.resources[logicalId];
      if (!resource) throw new Error(`Template error: Fn::GetAtt references ${logicalId}, which does not exist (yet)`);
      if (!Object.hasOwn(resource.attributes, attribute))
        resource.attributes[attribute] = attributeOf(
          resource.type,
          resource.physicalId,
          attribute,
          resource.properties,
          resourceEnv,
        );
      return resource.attributes[attribute];
    },
  };
  return { template, values, conditions, resources, scope };
}
