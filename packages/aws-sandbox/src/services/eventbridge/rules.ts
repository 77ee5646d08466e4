import { SandboxServiceError } from '../../errors.js';
import type { HandlerContext, OperationInput } from '../../types.js';
import {
  busNameOf,
  busOrThrow,
  regionOf,
  ruleArn,
  ruleOrThrow,
  type EventBridgeRegion,
  type RuleRecord,
  type RuleTarget,
} from './model.js';
import { parseEventPattern } from './pattern.js';

const RULE_NAME = /^[.\-_A-Za-z0-9]{1,64}$/;

export interface RuleDefinition {
  name: string;
  busName: string;
  eventPattern?: string;
  scheduleExpression?: string;
  state?: 'ENABLED' | 'DISABLED';
  description?: string;
  targets?: RuleTarget[];
}

/** Creates or updates a rule (PutRule, CloudFormation); its targets are kept unless given. */
export function putRuleRecord(
  slice: EventBridgeRegion,
  region: string,
  accountId: string,
  definition: RuleDefinition,
): RuleRecord {
  if (definition.eventPattern !== undefined) parseEventPattern(definition.eventPattern);
  const rules = (slice.rules[definition.busName] ??= {});
  const existing = rules[definition.name];
  const rule: RuleRecord = {
    name: definition.name,
    arn: ruleArn(region, accountId, definition.busName, definition.name),
    eventBusName: definition.busName,
    state: definition.state ?? 'ENABLED',
    targets: definition.targets ?? existing?.targets ?? [],
    ...(definition.eventPattern !== undefined ? { eventPattern: definition.eventPattern } : {}),
    ...(definition.scheduleExpression ? { scheduleExpression: definition.scheduleExpression } : {}),
    ...(definition.description ? { description: definition.description } : {}),
  };
  rules[definition.name] = rule;
  return rule;
}

function ruleWire(rule: RuleRecord) {
  return {
    Name: rule.name,
    Arn: rule.arn,
    EventBusName: rule.eventBusName,
    State: rule.state,
    ...(rule.eventPattern !== undefined ? { EventPattern: rule.eventPattern } : {}),
    ...(rule.scheduleExpression ? { ScheduleExpression: rule.scheduleExpression } : {}),
    ...(rule.description ? { Description: rule.description } : {}),
    ...(rule.managedBy ? { ManagedBy: rule.managedBy } : {}),
  };
}

function sliceOf(ctx: HandlerContext): EventBridgeRegion {
  return regionOf(ctx.state, ctx.caller.accountId, ctx.region, ctx.now());
}

/** The rule a request names (Name or Rule, with EventBusName), managed rules only through their owner. */
function namedRule(input: OperationInput, ctx: HandlerContext, member: 'Name' | 'Rule'): RuleRecord {
  const slice = sliceOf(ctx);
  const bus = busOrThrow(slice, input.EventBusName);
  return ruleOrThrow(slice, bus.name, String(input[member] ?? ''));
}

export function putRule(input: OperationInput, ctx: HandlerContext) {
  const name = String(input.Name ?? '');
  if (!RULE_NAME.test(name))
    throw new SandboxServiceError(
      'ValidationException',
      `1 validation error detected: Value '${name}' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+`,
    );
  const pattern = typeof input.EventPattern === 'string' ? input.EventPattern : undefined;
  const schedule = typeof input.ScheduleExpression === 'string' ? input.ScheduleExpression : undefined;
  if (!pattern && !schedule)
    throw new SandboxServiceError(
      'ValidationException',
      'Parameter(s) EventPattern or ScheduleExpression must be specified.',
    );
  const slice = sliceOf(ctx);
  const bus = busOrThrow(slice, input.EventBusName);
  const existing = slice.rules[bus.name]?.[name];
  if (existing?.managedBy)
    throw new SandboxServiceError(
      'ManagedRuleException',
      `Rule ${name} is managed by ${existing.managedBy} and cannot be changed.`,
    );
  const rule = putRuleRecord(slice, ctx.region, ctx.caller.accountId, {
    name,
    busName: bus.name,
    eventPattern: pattern,
    scheduleExpression: schedule,
    state: input.State === 'DISABLED' ? 'DISABLED' : 'ENABLED',
    description: typeof input.Description === 'string' ? input.Description : undefined,
  });
  return { RuleArn: rule.arn };
}

export function describeRule(input: OperationInput, ctx: HandlerContext) {
  return ruleWire(namedRule(input, ctx, 'Name'));
}

export function listRules(input: OperationInput, ctx: HandlerContext) {
  const slice = sliceOf(ctx);
  const bus = busOrThrow(slice, input.EventBusName);
  const prefix = String(input.NamePrefix ?? '');
  const rules = Object.values(slice.rules[bus.name] ?? {}).filter((rule) => rule.name.startsWith(prefix));
  return { Rules: rules.sort((a, b) => a.name.localeCompare(b.name)).map(ruleWire) };
}

export function deleteRule(input: OperationInput, ctx: HandlerContext) {
  const rule = namedRule(input, ctx, 'Name');
  if (rule.managedBy && input.Force !== true)
    throw new SandboxServiceError(
      'ManagedRuleException',
      `Rule ${rule.name} is managed by ${rule.managedBy}; delete it through that service.`,
    );
  if (rule.targets.length > 0)
    throw new SandboxServiceError('ValidationException', "Rule can't be deleted since it has targets.");
  delete sliceOf(ctx).rules[rule.eventBusName]?.[rule.name];
  return {};
}

export function enableRule(input: OperationInput, ctx: HandlerContext) {
  namedRule(input, ctx, 'Name').state = 'ENABLED';
  return {};
}

export function disableRule(input: OperationInput, ctx: HandlerContext) {
  namedRule(input, ctx, 'Name').state = 'DISABLED';
  return {};
}

export function putTargets(input: OperationInput, ctx: HandlerContext) {
  const rule = namedRule(input, ctx, 'Rule');
  const targets = Array.isArray(input.Targets) ? (input.Targets as RuleTarget[]) : [];
  for (const target of targets) {
    const index = rule.targets.findIndex((existing) => existing.Id === target.Id);
    if (index >= 0) rule.targets[index] = target;
    else rule.targets.push(target);
  }
  return { FailedEntryCount: 0, FailedEntries: [] };
}

export function listTargetsByRule(input: OperationInput, ctx: HandlerContext) {
  return { Targets: namedRule(input, ctx, 'Rule').targets };
}

export function removeTargets(input: OperationInput, ctx: HandlerContext) {
  const rule = namedRule(input, ctx, 'Rule');
  const ids = Array.isArray(input.Ids) ? input.Ids.map(String) : [];
  rule.targets = rule.targets.filter((target) => !ids.includes(target.Id));
  return { FailedEntryCount: 0, FailedEntries: [] };
}

export { busNameOf };
