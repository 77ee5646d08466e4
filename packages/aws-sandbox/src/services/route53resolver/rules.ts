import type { OperationHandler } from '../../types.js';
import { ruleAssociationOperations } from './rule-associations.js';
import { visibleRule, visibleRules } from './rule-visibility.js';
import {
  callerResolver,
  isoTime,
  matchesResolverFilters,
  resolverArn,
  resolverPage,
  type ResolverRule,
} from './model.js';

/** Every account has Resolver's autodefined recursive rule for the internet; AWS lists it with the account's own rules. */
const INTERNET_RESOLVER_RULE: ResolverRule = {
  id: 'rslvr-autodefined-rr-internet-resolver',
  creatorRequestId: '',
  domainName: '.',
  status: 'COMPLETE',
  statusMessage: '',
  ruleType: 'RECURSIVE',
  name: 'Internet Resolver',
  targetIps: [],
  ownerId: 'Route 53 Resolver',
  createdAt: 0,
  modifiedAt: 0,
};

function ruleWire(rule: ResolverRule, region: string, accountId: string, shareStatus = 'NOT_SHARED') {
  return {
    Id: rule.id,
    CreatorRequestId: rule.creatorRequestId || undefined,
    Arn: resolverArn(region, accountId, 'resolver-rule', rule.id),
    DomainName: rule.domainName,
    Status: rule.status,
    StatusMessage: rule.statusMessage,
    RuleType: rule.ruleType,
    Name: rule.name,
    TargetIps:
      rule.targetIps.length > 0
        ? rule.targetIps.map((target) => ({ Ip: target.ip, Port: target.port, Protocol: 'Do53' }))
        : undefined,
    ResolverEndpointId: rule.resolverEndpointId,
    OwnerId: rule.ownerId,
    ShareStatus: shareStatus,
    CreationTime: rule.createdAt ? isoTime(rule.createdAt) : undefined,
    ModificationTime: rule.modifiedAt ? isoTime(rule.modifiedAt) : undefined,
  };
}

const listResolverRules: OperationHandler = (input, ctx) => {
  const visible = [
    { rule: INTERNET_RESOLVER_RULE, ownerAccountId: ctx.caller.accountId, shareStatus: 'NOT_SHARED' },
    ...visibleRules(ctx),
  ];
  const owners = new Map(visible.map((entry) => [entry.rule.id, entry]));
  const rules = visible
    .map((entry) => entry.rule)
    .filter((rule) =>
      matchesResolverFilters(input, {
        CreatorRequestId: rule.creatorRequestId,
        DomainName: [rule.domainName, rule.domainName.endsWith('.') ? rule.domainName : `${rule.domainName}.`],
        Name: rule.name,
        ResolverEndpointId: rule.resolverEndpointId,
        Status: rule.status,
        Type: rule.ruleType,
      }),
    );
  const page = resolverPage(input, rules, (rule) => rule.id, 'ListResolverRules');
  return {
    ResolverRules: page.items.map((rule) => {
      const entry = owners.get(rule.id);
      return ruleWire(rule, ctx.region, entry?.ownerAccountId ?? ctx.caller.accountId, entry?.shareStatus);
    }),
    NextToken: page.nextToken,
    MaxResults: page.maxResults,
  };
};

const listResolverRuleAssociations: OperationHandler = (input, ctx) => {
  const associations = Object.values(callerResolver(ctx).associations).filter((association) =>
    matchesResolverFilters(input, {
      Name: association.name,
      ResolverRuleId: association.resolverRuleId,
      Status: association.status,
      VPCId: association.vpcId,
    }),
  );
  const page = resolverPage(input, associations, (association) => association.id, 'ListResolverRuleAssociations');
  return {
    ResolverRuleAssociations: page.items.map((association) => ({
      Id: association.id,
      ResolverRuleId: association.resolverRuleId,
      Name: association.name,
      VPCId: association.vpcId,
      Status: association.status,
      StatusMessage: association.statusMessage,
    })),
    NextToken: page.nextToken,
    MaxResults: page.maxResults,
  };
};

const getResolverRule: OperationHandler = (input, ctx) => {
  const entry = visibleRule(ctx, input.ResolverRuleId);
  return { ResolverRule: ruleWire(entry.rule, ctx.region, entry.ownerAccountId, entry.shareStatus) };
};

/** Forwarding rules (the caller's and those shared with it through AWS RAM) and their VPC associations. */
export const ruleOperations: Record<string, OperationHandler> = {
  ListResolverRules: listResolverRules,
  GetResolverRule: getResolverRule,
  ListResolverRuleAssociations: listResolverRuleAssociations,
  ...ruleAssociationOperations,
};
