import { containerChain, type OrganizationRecord, type OrganizationsState } from './model.js';
import { FULL_AWS_ACCESS, SERVICE_CONTROL_POLICY } from './scp-quotas.js';

/** A customer-managed policy, as DescribePolicy returns it. */
export interface PolicyRecord {
  Id: string;
  Arn: string;
  Name: string;
  Description: string;
  Type: string;
  Content: string;
  Sequence: number;
}

/** state.services.organizations.policies */
export interface PoliciesState {
  policies: Record<string, PolicyRecord>;
  /** Policy ids attached directly to each root, OU or account, in attachment order. */
  attachments: Record<string, string[]>;
  /** Policy types enabled in each root. */
  enabledTypes: Record<string, string[]>;
}

/** Every policy type the API knows; the sandbox implements SERVICE_CONTROL_POLICY. */
export const POLICY_TYPES = [
  'SERVICE_CONTROL_POLICY',
  'RESOURCE_CONTROL_POLICY',
  'TAG_POLICY',
  'BACKUP_POLICY',
  'AISERVICES_OPT_OUT_POLICY',
  'CHATBOT_POLICY',
  'DECLARATIVE_POLICY_EC2',
  'SECURITYHUB_POLICY',
  'SECURITYHUB_CSPM_POLICY',
  'INSPECTOR_POLICY',
  'UPGRADE_ROLLOUT_POLICY',
  'BEDROCK_POLICY',
  'S3_POLICY',
  'NETWORK_SECURITY_DIRECTOR_POLICY',
  'GUARDDUTY_POLICY',
] as const;

export const POLICY_ID_PATTERN = /^p-[0-9a-zA-Z_]{8,128}$/;
export const TARGET_ID_PATTERN = /^(r-[0-9a-z]{4,32}|\d{12}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/;

/** FullAWSAccess: AWS-managed, present in every organization, never stored. */
export const FULL_AWS_ACCESS_RECORD: PolicyRecord & { AwsManaged: true } = {
  Id: FULL_AWS_ACCESS.id,
  Arn: FULL_AWS_ACCESS.arn,
  Name: FULL_AWS_ACCESS.name,
  Description: FULL_AWS_ACCESS.description,
  Type: SERVICE_CONTROL_POLICY,
  Content: JSON.stringify(FULL_AWS_ACCESS.document, null, 4),
  Sequence: 0,
  AwsManaged: true,
};

export function policiesState(orgState: OrganizationsState): PoliciesState {
  orgState.policies ??= { policies: {}, attachments: {}, enabledTypes: {} };
  return orgState.policies;
}

export function findPolicy(orgState: OrganizationsState, policyId: string): PolicyRecord | undefined {
  if (policyId === FULL_AWS_ACCESS.id) return FULL_AWS_ACCESS_RECORD;
  return orgState.policies?.policies[policyId];
}

export function isAwsManaged(policy: PolicyRecord): boolean {
  return policy.Id === FULL_AWS_ACCESS.id;
}

export function policyArn(
  org: Pick<OrganizationRecord, 'MasterAccountId' | 'Id'>,
  type: string,
  policyId: string,
): string {
  return `arn:aws:organizations::${org.MasterAccountId}:policy/${org.Id}/${type.toLowerCase()}/${policyId}`;
}

export function policySummaryView(policy: PolicyRecord) {
  return {
    Id: policy.Id,
    Arn: policy.Arn,
    Name: policy.Name,
    Description: policy.Description,
    Type: policy.Type,
    AwsManaged: isAwsManaged(policy),
  };
}

export function isPolicyTypeEnabled(orgState: OrganizationsState, type: string): boolean {
  const rootId = orgState.organization?.RootId;
  return rootId !== undefined && (orgState.policies?.enabledTypes[rootId] ?? []).includes(type);
}

/** PolicyTypes of a root as ListRoots and EnablePolicyType return them. */
export function rootPolicyTypes(orgState: OrganizationsState, rootId: string): Array<{ Type: string; Status: string }> {
  return (orgState.policies?.enabledTypes[rootId] ?? []).map((type) => ({ Type: type, Status: 'ENABLED' }));
}

/** Policies of one type attached directly to a target. */
export function attachedPolicies(orgState: OrganizationsState, targetId: string, type: string): PolicyRecord[] {
  return (orgState.policies?.attachments[targetId] ?? [])
    .map((id) => findPolicy(orgState, id))
    .filter((policy): policy is PolicyRecord => policy !== undefined && policy.Type === type);
}

/** A new OU or account gets FullAWSAccess when SCPs are enabled, as on AWS. */
export function attachDefaultScp(orgState: OrganizationsState, targetId: string): void {
  if (!isPolicyTypeEnabled(orgState, SERVICE_CONTROL_POLICY)) return;
  const attachments = policiesState(orgState).attachments;
  const list = (attachments[targetId] ??= []);
  if (!list.includes(FULL_AWS_ACCESS.id)) list.push(FULL_AWS_ACCESS.id);
}

/** The levels whose SCPs apply to an account: root, each OU down to the account's parent, the account. */
export function scpHierarchy(
  orgState: OrganizationsState,
  accountId: string,
): Array<{ id: string; name: string; type: 'ROOT' | 'ORGANIZATIONAL_UNIT' | 'ACCOUNT'; policies: PolicyRecord[] }> {
  const account = orgState.accounts[accountId];
  if (!account) return [];
  const containers = containerChain(orgState, account.ParentId).map((id) =>
    orgState.roots[id]
      ? { id, name: orgState.roots[id]?.Name ?? 'Root', type: 'ROOT' as const }
      : { id, name: orgState.organizationalUnits[id]?.Name ?? id, type: 'ORGANIZATIONAL_UNIT' as const },
  );
  return [...containers, { id: accountId, name: account.Name, type: 'ACCOUNT' as const }].map((level) => ({
    ...level,
    policies: attachedPolicies(orgState, level.id, SERVICE_CONTROL_POLICY),
  }));
}
