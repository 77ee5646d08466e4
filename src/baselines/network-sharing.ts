import type { NetworkParams } from './definition.js';
import type { PlannedChange, StepPlan } from './model.js';
import { ensureOrganizationShare } from './organization-share.js';
import {
  planResolverAssociations,
  readForwardingRules,
  type ResolverAssociationChange,
  type SharedResolverRule,
} from './resolver-associations.js';
import { accountLabel, resolveAccount, type BaselineRun } from './run-context.js';

export interface NetworkSharing {
  state: 'ok' | 'missing' | 'drift';
  differences: string[];
  changes: string[];
  /** The forwarding rules every baselined VPC is associated with. */
  resolverRules: SharedResolverRule[];
}

/**
 * The organization-level half of the network step's sharing: the transit gateway, and the Resolver forwarding
 * rules the baseline names, shared with the whole organization through AWS RAM (enabling RAM's organization
 * sharing once), so member accounts can attach to the one and associate the others.
 */
export async function shareNetwork(
  run: BaselineRun,
  params: NetworkParams,
  transitGateway: { id: string; arn: string; ownerId: string; ownerLabel: string },
): Promise<NetworkSharing> {
  const region = run.baseline.homeRegion;
  const outcomes = [
    await ensureOrganizationShare(run, {
      ownerId: transitGateway.ownerId,
      ownerLabel: transitGateway.ownerLabel,
      region,
      resourceArn: transitGateway.arn,
      resourceLabel: `transit gateway ${transitGateway.id}`,
      shareName: 'awsarch-transit-gateway',
    }),
  ];
  let resolverRules: SharedResolverRule[] = [];
  if (params.resolverRules) {
    const owner = resolveAccount(run, params.resolverRules.owner);
    resolverRules = await readForwardingRules(run, owner.id, region, params.resolverRules.names);
    const missingNames = (params.resolverRules.names ?? []).filter(
      (name) => !resolverRules.some((rule) => rule.name === name),
    );
    if (missingNames.length > 0)
      throw new Error(`no forwarding Resolver rule ${missingNames.join(', ')} in ${accountLabel(owner)} (${region})`);
    for (const rule of resolverRules)
      outcomes.push(
        await ensureOrganizationShare(run, {
          ownerId: owner.id,
          ownerLabel: accountLabel(owner),
          region,
          resourceArn: rule.arn,
          resourceLabel: `Resolver rule ${rule.name || rule.id} (${rule.domainName})`,
          shareName: `awsarch-resolver-rule-${rule.name || rule.id}`,
        }),
      );
  }
  const differences = outcomes.flatMap((outcome) => outcome.differences);
  const changes = [...new Set(outcomes.flatMap((outcome) => outcome.changes))];
  const state = outcomes.some((outcome) => outcome.state === 'missing')
    ? 'missing'
    : outcomes.some((outcome) => outcome.state === 'drift')
      ? 'drift'
      : 'ok';
  return { state, differences, changes, resolverRules };
}

/** Pure: the network plan of an account with the Resolver rule associations its VPC still lacks. */
export function withResolverAssociations<Change extends PlannedChange>(
  plan: StepPlan<Change>,
  rules: readonly SharedResolverRule[],
  associated: readonly string[],
): StepPlan<Change | ResolverAssociationChange> {
  const dns = planResolverAssociations(rules, associated);
  if (dns.changes.length === 0) return plan;
  if (plan.state !== 'ok')
    return { ...plan, differences: [...plan.differences], changes: [...plan.changes, ...dns.changes] };
  return { state: 'drift', summary: dns.differences.join('; '), differences: dns.differences, changes: dns.changes };
}
