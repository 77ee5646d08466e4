/** What awsarch knows about an organization after one read. */
export interface OrgSnapshot {
  organization: { id: string; arn?: string; managementAccountId: string; featureSet?: string };
  root: { id: string; name: string; arn?: string };
  ous: OuNode[];
  accounts: AccountInfo[];
}

export interface OuNode {
  id: string;
  name: string;
  arn?: string;
  parentId: string;
  /** Names from the root down, e.g. ['Workloads', 'Prod']. */
  path: string[];
}

export interface AccountInfo {
  id: string;
  name: string;
  email: string;
  arn?: string;
  /** ACTIVE, SUSPENDED, PENDING_CLOSURE (AWS's Account.Status). */
  status: string;
  parentId: string;
  joinedAt?: string;
}
