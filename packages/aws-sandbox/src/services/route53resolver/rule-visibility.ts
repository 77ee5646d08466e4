import { SandboxServiceError } from '../../errors.js';
import type { HandlerContext } from '../../types.js';
import { isSharedByOwner, isSharedWith } from '../ram/sharing.js';
import { resolverArn, type ResolverRule, type ResolverState } from './model.js';

export interface VisibleRule {
  rule: ResolverRule;
  ownerAccountId: string;
  /** Resolver's ShareStatus: NOT_SHARED, SHARED_BY_ME or SHARED_WITH_ME. */
  shareStatus: 'NOT_SHARED' | 'SHARED_BY_ME' | 'SHARED_WITH_ME';
}

/** The caller's rules in the request's Region and the rules other accounts share with it through AWS RAM. */
export function visibleRules(ctx: HandlerContext): VisibleRule[] {
  const accounts = (ctx.state.services.route53resolver as ResolverState | undefined)?.accounts ?? {};
  const visible: VisibleRule[] = [];
  for (const accountId of Object.keys(accounts)) {
    const region = accounts[accountId]?.[ctx.region];
    for (const rule of Object.values(region?.rules ?? {})) {
      const arn = resolverArn(ctx.region, accountId, 'resolver-rule', rule.id);
      if (accountId === ctx.caller.accountId)
        visible.push({
          rule,
          ownerAccountId: accountId,
          shareStatus: isSharedByOwner(ctx.state, arn) ? 'SHARED_BY_ME' : 'NOT_SHARED',
        });
      else if (isSharedWith(ctx.state, arn, ctx.caller.accountId))
        visible.push({ rule, ownerAccountId: accountId, shareStatus: 'SHARED_WITH_ME' });
    }
  }
  return visible;
}

/** A rule the caller may use, by id; any other is ResourceNotFoundException, as on AWS. */
export function visibleRule(ctx: HandlerContext, id: unknown): VisibleRule {
  const ruleId = typeof id === 'string' ? id : '';
  const found = visibleRules(ctx).find((entry) => entry.rule.id === ruleId);
  if (!found)
    throw new SandboxServiceError('ResourceNotFoundException', `Resolver rule with ID ${ruleId} does not exist.`, {
      extra: { ResourceType: 'ResolverRule' },
    });
  return found;
}
