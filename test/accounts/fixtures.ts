import type { OrgSnapshot } from '../../src/accounts/org-model.js';

export const ROOT_ID = 'r-ab12';
export const SECURITY_OU = 'ou-ab12-11111111';
export const WORKLOADS_OU = 'ou-ab12-22222222';
export const PROD_OU = 'ou-ab12-33333333';

/** A small organization: Security, Workloads/Prod, the management account and one member. */
export function sampleSnapshot(): OrgSnapshot {
  return {
    organization: { id: 'o-abcdefghij', managementAccountId: '123456789012', featureSet: 'ALL' },
    root: { id: ROOT_ID, name: 'Root' },
    ous: [
      { id: SECURITY_OU, name: 'Security', parentId: ROOT_ID, path: ['Security'] },
      { id: WORKLOADS_OU, name: 'Workloads', parentId: ROOT_ID, path: ['Workloads'] },
      { id: PROD_OU, name: 'Prod', parentId: WORKLOADS_OU, path: ['Workloads', 'Prod'] },
    ],
    accounts: [
      { id: '123456789012', name: 'Management', email: 'management@example.com', status: 'ACTIVE', parentId: ROOT_ID },
      {
        id: '210987654321',
        name: 'Log Archive',
        email: 'aws+log@example.com',
        status: 'ACTIVE',
        parentId: SECURITY_OU,
      },
    ],
  };
}
