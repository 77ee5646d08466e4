import type { ComponentHealth, Finding, Health } from './assessment.js';
import type { AccountDnsInfo, HybridSnapshot, ResolverRuleInfo, VpcInfo } from './snapshot.js';
import { named } from './topology.js';
import { FINDING } from './finding-codes.js';

/** Why a VPC would not resolve a rule's domain, or undefined when it would. */
function ruleProblem(account: AccountDnsInfo, vpc: VpcInfo, rule: ResolverRuleInfo): string | undefined {
  const association = account.ruleAssociations.find(
    (candidate) => candidate.ruleId === rule.id && candidate.vpcId === vpc.id,
  );
  if (association?.status === 'COMPLETE') return undefined;
  if (association) return `its association with rule ${rule.id} is ${association.status}`;
  if (!account.rules.some((candidate) => candidate.id === rule.id))
    return `rule ${rule.id} is not shared with the account through AWS RAM`;
  return `rule ${rule.id} is shared with the account but not associated with the VPC`;
}

const accountLabel = (account: AccountDnsInfo) => `account ${account.id}${account.name ? ` (${account.name})` : ''}`;

function vpcLabel(vpc: VpcInfo): string {
  return `VPC ${named(vpc.id, vpc.name)}${vpc.cidrs[0] ? ` ${vpc.cidrs[0]}` : ''}`;
}

/**
 * DNS in every account: each VPC the baseline placed must use every forwarding rule of the network
 * account (shared through AWS RAM, then associated with the VPC), or names on-premises do not
 * resolve there. One finding per VPC that would fail, naming its account and what is missing.
 */
export function assessAccountDns(snapshot: HybridSnapshot): { components: ComponentHealth[]; findings: Finding[] } {
  const components: ComponentHealth[] = [];
  const findings: Finding[] = [];
  if (!snapshot.accountDns) return { components, findings };
  const rules = snapshot.dns.rules.filter((rule) => rule.ruleType === 'FORWARD' && rule.status === 'COMPLETE');
  if (rules.length === 0) return { components, findings };
  const domains = rules.map((rule) => rule.domainName).join(', ');
  for (const account of snapshot.accountDns.accounts) {
    if (account.error) {
      components.push({
        id: account.id,
        kind: 'account-dns',
        name: account.name || account.id,
        health: 'degraded',
        detail: 'not checked: the account could not be read',
      });
      findings.push({
        code: FINDING.DNS_ACCOUNT_UNREADABLE,
        severity: 'warning',
        subject: account.id,
        text: `DNS in ${accountLabel(account)} was not checked: ${account.error}`,
        fix: 'make the access role assumable in the account (or pass --no-account-dns to skip this check)',
      });
      continue;
    }
    if (account.vpcs.length === 0) continue;
    let resolving = 0;
    for (const vpc of account.vpcs) {
      const problems = rules.flatMap((rule) => {
        const problem = ruleProblem(account, vpc, rule);
        return problem ? [{ rule, problem }] : [];
      });
      if (problems.length === 0) {
        resolving += 1;
        continue;
      }
      const unshared = problems.filter((entry) => !account.rules.some((candidate) => candidate.id === entry.rule.id));
      findings.push({
        code: FINDING.DNS_VPC_UNRESOLVED,
        severity: 'warning',
        subject: vpc.id,
        text: `${vpcLabel(vpc)} in ${accountLabel(account)} would fail to resolve ${problems.map((entry) => entry.rule.domainName).join(', ')}: ${problems.map((entry) => entry.problem).join('; ')}`,
        fix: [
          unshared.length > 0
            ? `share ${unshared.map((entry) => entry.rule.id).join(', ')} with the organization through AWS RAM${snapshot.accountId ? ` from account ${snapshot.accountId}` : ''}`
            : undefined,
          `associate ${problems.map((entry) => entry.rule.id).join(', ')} with ${vpc.id} (AssociateResolverRule in ${accountLabel(account)})`,
        ]
          .filter(Boolean)
          .join(', then '),
      });
    }
    const health: Health = resolving === account.vpcs.length ? 'healthy' : resolving === 0 ? 'down' : 'degraded';
    components.push({
      id: account.id,
      kind: 'account-dns',
      name: account.name || account.id,
      health,
      detail: `${resolving} of ${account.vpcs.length} baselined VPC${account.vpcs.length === 1 ? ' resolves' : 's resolve'} ${domains}`,
    });
  }
  return { components, findings };
}
