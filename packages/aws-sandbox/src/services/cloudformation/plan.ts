import { SandboxServiceError } from '../../errors.js';
import type { SandboxState } from '../../state.js';
import { findParameter } from '../ssm/parameters.js';
import { evaluate, referencedIds, type EvaluationScope } from './intrinsics.js';
import { definitionDigest, type ParameterValue, type ResourceChangeRecord, type ResourceRecord } from './model.js';
import type { Template } from './template.js';

const validation = (message: string) => new SandboxServiceError('ValidationError', message);

export interface StackLocation {
  readonly accountId: string;
  readonly region: string;
  readonly stackName: string;
  readonly stackId: string;
}

/** AWS::AccountId and the other pseudo parameters. */
export function pseudoParameters(location: StackLocation): Record<string, string> {
  return {
    'AWS::AccountId': location.accountId,
    'AWS::Region': location.region,
    'AWS::StackName': location.stackName,
    'AWS::StackId': location.stackId,
    'AWS::Partition': 'aws',
    'AWS::URLSuffix': 'amazonaws.com',
    'AWS::NotificationARNs': '',
  };
}

/**
 * The parameter values of a stack operation, as CloudFormation checks them: given values, previous values
 * (UsePreviousValue), defaults; a required one missing, a value off its AllowedPattern, or an SSM-typed
 * parameter whose Parameter Store entry does not exist is a ValidationError.
 */
export function resolveParameters(
  template: Template,
  given: ReadonlyArray<{ ParameterKey?: string; ParameterValue?: string; UsePreviousValue?: string | boolean }>,
  previous: readonly ParameterValue[],
  state: SandboxState,
  location: StackLocation,
): ParameterValue[] {
  const declared = template.Parameters ?? {};
  const unknown = given.map((entry) => entry.ParameterKey ?? '').filter((key) => !Object.hasOwn(declared, key));
  if (unknown.length) throw validation(`Parameters: [${unknown.join(', ')}] do not exist in the template`);
  const values: ParameterValue[] = [];
  const missing: string[] = [];
  for (const [key, declaration] of Object.entries(declared)) {
    const entry = given.find((candidate) => candidate.ParameterKey === key);
    const usePrevious = entry?.UsePreviousValue === true || entry?.UsePreviousValue === 'true';
    const value = usePrevious
      ? previous.find((old) => old.ParameterKey === key)?.ParameterValue
      : (entry?.ParameterValue ?? (declaration.Default === undefined ? undefined : String(declaration.Default)));
    if (value === undefined) {
      missing.push(key);
      continue;
    }
    if (declaration.AllowedPattern && !new RegExp(`^(?:${declaration.AllowedPattern})$`).test(value)) {
      throw validation(`Parameter '${key}' must match pattern ${declaration.AllowedPattern}`);
    }
    const record: ParameterValue = { ParameterKey: key, ParameterValue: value };
    if (declaration.Type?.startsWith('AWS::SSM::Parameter::Value<')) {
      const stored = findParameter(state, location.accountId, location.region, value);
      if (!stored) throw validation(`Unable to fetch parameters [${value}] from parameter store for this account.`);
      record.ResolvedValue = stored.Value;
    }
    values.push(record);
  }
  if (missing.length) throw validation(`Parameters: [${missing.join(', ')}] must have values`);
  return values;
}

/** Parameters and pseudo parameters as Ref sees them (SSM-typed ones resolved). */
export function parameterValues(
  template: Template,
  parameters: readonly ParameterValue[],
  location: StackLocation,
): Record<string, unknown> {
  const values: Record<string, unknown> = { ...pseudoParameters(location) };
  for (const parameter of parameters) {
    const type = template.Parameters?.[parameter.ParameterKey]?.Type ?? 'String';
    const value = parameter.ResolvedValue ?? parameter.ParameterValue;
    values[parameter.ParameterKey] =
      type.startsWith('List<') || type === 'CommaDelimitedList' ? value.split(',') : value;
  }
  return values;
}

/** Evaluates the template's Conditions (which may refer to each other). */
export function evaluateConditions(template: Template, values: Record<string, unknown>): Record<string, boolean> {
  const conditions: Record<string, boolean> = {};
  const pending = new Map(Object.entries(template.Conditions ?? {}));
  const failing = () => {
    throw validation('Template error: resources cannot be referenced in Conditions');
  };
  for (
    let pass = 0;
    pending.size > 0 && pass <= (template.Conditions ? Object.keys(template.Conditions).length : 0);
    pass += 1
  ) {
    for (const [name, expression] of pending) {
      try {
        conditions[name] =
          evaluate(expression, {
            values,
            conditions,
            mappings: template.Mappings ?? {},
            ref: failing,
            getAtt: failing,
          }) === true;
        pending.delete(name);
      } catch (error) {
        if (!/Unresolved condition dependency/.test((error as Error).message)) throw error;
      }
    }
  }
  if (pending.size)
    throw validation(
      `Template error: circular or unresolved condition dependencies: ${[...pending.keys()].join(', ')}`,
    );
  return conditions;
}

/** The resources that exist under these conditions. */
export function activeResources(
  template: Template,
  conditions: Record<string, boolean>,
): Record<string, NonNullable<Template['Resources']>[string]> {
  return Object.fromEntries(
    Object.entries(template.Resources ?? {}).filter(
      ([, resource]) => !resource.Condition || conditions[resource.Condition] === true,
    ),
  );
}

/** Capabilities a template needs, as CreateChangeSet demands them. */
export function requiredCapabilities(template: Template): string[] {
  const iam = Object.values(template.Resources ?? {}).filter((resource) => resource.Type.startsWith('AWS::IAM::'));
  if (
    iam.some((resource) =>
      ['RoleName', 'UserName', 'GroupName', 'ManagedPolicyName'].some(
        (name) => resource.Properties?.[name] !== undefined,
      ),
    )
  )
    return ['CAPABILITY_NAMED_IAM'];
  return iam.length ? ['CAPABILITY_IAM'] : [];
}

/** What a change set would do to the current resources. Pure. */
export function plannedChanges(
  resources: ReturnType<typeof activeResources>,
  current: Record<string, ResourceRecord>,
): ResourceChangeRecord[] {
  const changes: ResourceChangeRecord[] = [];
  for (const [logicalId, resource] of Object.entries(resources)) {
    const existing = current[logicalId];
    if (!existing) changes.push({ Action: 'Add', LogicalResourceId: logicalId, ResourceType: resource.Type });
    else if (existing.definition !== definitionDigest(resource)) {
      changes.push({
        Action: 'Modify',
        LogicalResourceId: logicalId,
        ResourceType: resource.Type,
        PhysicalResourceId: existing.physicalId,
        Replacement: existing.type === resource.Type ? 'False' : 'True',
      });
    }
  }
  for (const [logicalId, existing] of Object.entries(current)) {
    if (!resources[logicalId])
      changes.push({
        Action: 'Remove',
        LogicalResourceId: logicalId,
        ResourceType: existing.type,
        PhysicalResourceId: existing.physicalId,
      });
  }
  return changes;
}

/** The resources in an order where every resource comes after those it refers to or depends on. */
export function dependencyOrder(resources: ReturnType<typeof activeResources>): string[] {
  const ids = new Set(Object.keys(resources));
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string, path: string[]) => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting')
      throw validation(`Circular dependency between resources: [${[...path, id].join(', ')}]`);
    state.set(id, 'visiting');
    const resource = resources[id];
    const dependsOn =
      resource?.DependsOn === undefined
        ? []
        : Array.isArray(resource.DependsOn)
          ? resource.DependsOn
          : [resource.DependsOn];
    const references = [...referencedIds(resource?.Properties ?? {}), ...dependsOn].filter(
      (reference) => ids.has(reference) && reference !== id,
    );
    for (const reference of references) visit(reference, [...path, id]);
    state.set(id, 'done');
    order.push(id);
  };
  for (const id of [...ids].sort()) visit(id, []);
  return order;
}

export type { EvaluationScope };
