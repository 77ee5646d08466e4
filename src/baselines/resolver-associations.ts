import {
  AssociateResolverRuleCommand,
  ListResolverRuleAssociationsCommand,
  ListResolverRulesCommand,
  Route53ResolverClient,
} from '@aws-sdk/client-route53resolver';
import type { AccountTarget, PlannedChange } from './model.js';
import { clientsFor, type BaselineRun } from './run-context.js';

/** A Route 53 Resolver forwarding rule every baselined VPC should use (e.g. an on-premises domain). */
export interface SharedResolverRule {
  id: string;
  arn: string;
  name: string;
  domainName: string;
}

export type ResolverAssociationChange = PlannedChange & { action: 'associate-resolver-rule'; ruleId: string };

/** The forwarding rules of the owner account in the region, optionally only those named. */
export async function readForwardingRules(
  run: BaselineRun,
  ownerId: string,
  region: string,
  names: readonly string[] | undefined,
): Promise<SharedResolverRule[]> {
  const resolver = clientsFor(run, ownerId).client(Route53ResolverClient, { region });
  const rules: SharedResolverRule[] = [];
  let token: string | undefined;
  do {
    const page = await resolver.send(
      new ListResolverRulesCommand({ Filters: [{ Name: 'Type', Values: ['FORWARD'] }], NextToken: token }),
    );
    for (const rule of page.ResolverRules ?? []) {
      // Only the owner's own rules: rules shared with it are another account's to share.
      if (rule.OwnerId !== ownerId || rule.RuleType !== 'FORWARD') continue;
      if (names && !names.includes(rule.Name ?? '')) continue;
      rules.push({ id: rule.Id ?? '', arn: rule.Arn ?? '', name: rule.Name ?? '', domainName: rule.DomainName ?? '' });
    }
    token = page.NextToken;
  } while (token);
  return rules.sort((a, b) => a.domainName.localeCompare(b.domainName));
}

/** The rule ids associated with the VPC in the account (associations being deleted or failed do not count). */
export async function readResolverAssociations(target: AccountTarget, vpcId: string): Promise<string[]> {
  const resolver = target.aws.client(Route53ResolverClient, { region: target.run.baseline.homeRegion });
  const ruleIds: string[] = [];
  let token: string | undefined;
  do {
    const page = await resolver.send(
      new ListResolverRuleAssociationsCommand({ Filters: [{ Name: 'VPCId', Values: [vpcId] }], NextToken: token }),
    );
    for (const association of page.ResolverRuleAssociations ?? [])
      if (association.Status !== 'DELETING' && association.Status !== 'FAILED')
        ruleIds.push(association.ResolverRuleId ?? '');
    token = page.NextToken;
  } while (token);
  return ruleIds;
}

/** Pure: every wanted rule associated with the VPC. */
export function planResolverAssociations(
  rules: readonly SharedResolverRule[],
  associated: readonly string[],
): { differences: string[]; changes: ResolverAssociationChange[] } {
  const missing = rules.filter((rule) => !associated.includes(rule.id));
  return {
    differences: missing.map((rule) => `${rule.domainName} (Resolver rule ${rule.id}) is not associated with the VPC`),
    changes: missing.map((rule) => ({
      action: 'associate-resolver-rule',
      ruleId: rule.id,
      description: `associate Resolver rule ${rule.name || rule.id} (${rule.domainName}) with the VPC`,
    })),
  };
}

export async function applyResolverAssociations(
  target: AccountTarget,
  changes: readonly ResolverAssociationChange[],
  vpcId: string,
): Promise<void> {
  const resolver = target.aws.client(Route53ResolverClient, { region: target.run.baseline.homeRegion });
  for (const change of changes) {
    await resolver.send(
      new AssociateResolverRuleCommand({ ResolverRuleId: change.ruleId, VPCId: vpcId, Name: 'awsarch-baseline' }),
    );
  }
}
