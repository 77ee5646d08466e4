/** Links into the AWS console for the worst items; pure, from ids AWS returned. */

const host = (region: string) => `https://${region}.console.aws.amazon.com`;

/** Security Hub's findings page filtered to one finding id (the console's own search syntax). */
export function securityHubFindingLink(region: string, findingId: string): string {
  const search = `Id=${encodeURIComponent(`\\operator\\:EQUALS\\:${findingId}`)}`;
  return `${host(region)}/securityhub/home?region=${region}#/findings?search=${encodeURIComponent(search)}`;
}

/** GuardDuty's findings page with one finding open. */
export function guardDutyFindingLink(region: string, findingId: string): string {
  return `${host(region)}/guardduty/home?region=${region}#/findings?macros=current&fId=${encodeURIComponent(findingId)}`;
}

/** A Config rule as the organization aggregator shows it. */
export function aggregatedRuleLink(region: string, aggregator: string, rule: string, accountId: string): string {
  const query = new URLSearchParams({ aggregator, rule, account: accountId, region });
  return `${host(region)}/config/home?region=${region}#/aggregate-rules/details?${query.toString()}`;
}

export function trailLink(region: string, trailArn: string): string {
  return `${host(region)}/cloudtrail/home?region=${region}#/trails/${encodeURIComponent(trailArn)}`;
}

/** The account in the Organizations console, with the policies that apply to it. */
export function accountPoliciesLink(accountId: string): string {
  return `https://us-east-1.console.aws.amazon.com/organizations/v2/home/accounts/${accountId}`;
}
