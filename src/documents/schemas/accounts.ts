import { z } from 'zod';
import { accountId, documentSchema, errorInfo, isoTime, tags } from './common.js';

const ouPath = z.string().describe('an OU path such as Workloads/Prod');

export const orgInitDocument = documentSchema(
  'org-init',
  {
    title: 'awsarch org init',
    description: 'The organization and the OUs created (with dryRun: that would be created) or already there.',
  },
  {
    dryRun: z.boolean(),
    organizationId: z.string().optional().describe('absent when there is no organization yet (dry run)'),
    managementAccountId: accountId.optional(),
    organizationCreated: z.boolean().describe('created by this run (with dryRun: would be created)'),
    ousCreated: z.array(ouPath).describe('created by this run (with dryRun: would be created), parents first'),
    ousExisting: z.array(ouPath),
  },
);

const treeAccount = z.object({ id: accountId, name: z.string(), email: z.string(), status: z.string() });
const orgNode = z
  .object({
    id: z.string().describe('the root id (r-...) or an OU id (ou-...)'),
    name: z.string(),
    accounts: z.array(treeAccount),
    get children(): z.ZodArray<typeof orgNode> {
      return z.array(orgNode);
    },
  })
  .meta({ id: 'OrgNode', description: 'the root or an OU, with its accounts and child OUs sorted by name' });

export const orgShowDocument = documentSchema(
  'org-show',
  { title: 'awsarch org show', description: 'The OU tree with its accounts.' },
  { organizationId: z.string(), managementAccountId: accountId, root: orgNode },
);

const vendStep = z.object({
  step: z.enum(['locate', 'create', 'wait', 'move', 'tag', 'access', 'baseline']),
  status: z.enum(['done', 'skipped', 'failed', 'pending', 'planned']),
  detail: z.string().optional(),
});

const vendedAccount = z
  .object({
    name: z.string(),
    email: z.string(),
    ou: ouPath,
    status: z.enum(['vended', 'in-progress', 'failed', 'planned']),
    accountId: accountId.optional().describe('once AWS has created the account'),
    createAccountRequestId: z.string().optional(),
    steps: z.array(vendStep).describe('in order: locate, create, wait, move, tag, access, then baseline if asked'),
    error: errorInfo.optional().describe('why the vending failed (status failed)'),
  })
  .meta({ id: 'VendedAccount' });

export const accountCreateDocument = documentSchema(
  'account-create',
  { title: 'awsarch account create', description: 'The vending of one account, step by step.' },
  vendedAccount.shape,
);

export const accountCreateBatchDocument = documentSchema(
  'account-create-batch',
  {
    title: 'awsarch account create --from FILE',
    description: 'The vending of every account of a landing-zone file, in the order of the file.',
  },
  { accounts: z.array(vendedAccount) },
);

const accountRow = z.object({
  id: accountId,
  name: z.string(),
  email: z.string(),
  status: z.string().describe("AWS's account status, e.g. ACTIVE or SUSPENDED"),
  ou: z.string().describe('its OU path, / for the root'),
  management: z.boolean().describe('the management account'),
  joinedAt: isoTime.optional(),
});

export const accountListDocument = documentSchema(
  'account-list',
  { title: 'awsarch account list', description: 'The accounts of the organization (or under one OU).' },
  { accounts: z.array(accountRow) },
);

export const accountShowDocument = documentSchema(
  'account-show',
  { title: 'awsarch account show', description: 'One account with its tags.' },
  { ...accountRow.shape, arn: z.string().optional(), tags },
);
