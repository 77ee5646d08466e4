import {
  containerChain,
  type AccountRecord,
  type CreateAccountRequestRecord,
  type OrganizationalUnitRecord,
  type OrganizationRecord,
  type OrganizationsState,
  type RootRecord,
} from './model.js';

/** What the Organizations API returns for each record (timestamps as Date, serialized by the protocol). */
export function organizationView(org: OrganizationRecord) {
  return {
    Id: org.Id,
    Arn: org.Arn,
    FeatureSet: org.FeatureSet,
    MasterAccountArn: org.MasterAccountArn,
    MasterAccountId: org.MasterAccountId,
    MasterAccountEmail: org.MasterAccountEmail,
    AvailablePolicyTypes: org.FeatureSet === 'ALL' ? [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }] : [],
  };
}

export function rootView(root: RootRecord, policyTypes: Array<{ Type: string; Status: string }> = []) {
  return { Id: root.Id, Arn: root.Arn, Name: root.Name, PolicyTypes: policyTypes };
}

export function organizationalUnitView(orgState: OrganizationsState, ou: OrganizationalUnitRecord) {
  const organizationId = orgState.organization?.Id ?? '';
  return {
    Id: ou.Id,
    Arn: ou.Arn,
    Name: ou.Name,
    Path: `${organizationId}/${containerChain(orgState, ou.Id).join('/')}/`,
  };
}

export function accountView(account: AccountRecord) {
  return {
    Id: account.Id,
    Arn: account.Arn,
    Email: account.Email,
    Name: account.Name,
    // Account.Status was retired on 2026-09-09 (the SDK's model says so); AWS answers with State only.
    State: account.State ?? 'ACTIVE',
    JoinedMethod: account.JoinedMethod,
    JoinedTimestamp: new Date(account.JoinedTimestamp),
  };
}

export function createAccountStatusView(request: CreateAccountRequestRecord) {
  const base = {
    Id: request.Id,
    AccountName: request.AccountName,
    RequestedTimestamp: new Date(request.RequestedTimestamp),
  };
  if (!request.Settled) return { ...base, State: 'IN_PROGRESS' };
  const completed = { ...base, State: request.Outcome.State, CompletedTimestamp: new Date(request.CompletedTimestamp) };
  return request.Outcome.State === 'SUCCEEDED'
    ? { ...completed, AccountId: request.Outcome.AccountId }
    : { ...completed, FailureReason: request.Outcome.FailureReason };
}
