import type { OrgSnapshot } from './org-model.js';

export interface OrgTreeJson {
  organizationId: string;
  managementAccountId: string;
  root: OrgTreeNodeJson;
}

export interface OrgTreeNodeJson {
  id: string;
  name: string;
  accounts: Array<{ id: string; name: string; email: string; status: string }>;
  children: OrgTreeNodeJson[];
}

/** Pure: the OU hierarchy with accounts, as nested JSON sorted by name. */
export function buildOrgTree(snapshot: OrgSnapshot): OrgTreeJson {
  const build = (id: string, name: string): OrgTreeNodeJson => ({
    id,
    name,
    accounts: snapshot.accounts
      .filter((account) => account.parentId === id)
      .sort((a, b) => a.name.localeCompare(b.name))
      .map(({ id: accountId, name: accountName, email, status }) => ({
        id: accountId,
        name: accountName,
        email,
        status,
      })),
    children: snapshot.ous
      .filter((ou) => ou.parentId === id)
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((ou) => build(ou.id, ou.name)),
  });
  return {
    organizationId: snapshot.organization.id,
    managementAccountId: snapshot.organization.managementAccountId,
    root: build(snapshot.root.id, snapshot.root.name),
  };
}
