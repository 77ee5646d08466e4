import { z } from 'zod';
import { accountId, count, documentSchema, errorInfo, isoTime, tags } from './common.js';

const ouPath = z.array(z.string()).describe('an OU path from the root, e.g. ["Workloads", "Prod"]; [] is the root');
const apiCalls = z
  .object({ total: count, reads: count, writes: count })
  .describe('AWS API calls this run made (writes: calls that change something)');

const changeBase = {
  key: z.string().describe('stable across runs, e.g. ou:Workloads/Prod, account:Dev:move, scp:RequireTags'),
  dependsOn: z.array(z.string()).describe('keys of changes that must succeed first (a failed one skips this change)'),
  drift: z.boolean().describe('reverts something changed outside awsarch'),
  writes: count.describe('write calls the change makes (approximately)'),
  digest: z.string().describe('digest of the change: a saved plan is stale when a fresh plan differs'),
};
const change = <K extends string, S extends z.ZodRawShape>(kind: K, shape: S) =>
  z.object({ ...changeBase, kind: z.literal(kind), ...shape });

const targetRef = z.discriminatedUnion('type', [
  z.object({ type: z.literal('root') }),
  z.object({ type: z.literal('ou'), path: ouPath }),
  z.object({ type: z.literal('account'), name: z.string(), accountId: accountId.optional() }),
]);

const planChange = z
  .discriminatedUnion('kind', [
    change('create-organization', {}),
    change('enable-scps', {}),
    change('create-ou', { path: ouPath }),
    change('tag-ou', { path: ouPath, ouId: z.string() }),
    change('create-account', {
      name: z.string(),
      email: z.string(),
      ou: ouPath,
      tags,
      requestId: z
        .string()
        .optional()
        .describe(
          'a creation for this name in progress: apply waits for it and takes its account when the e-mail matches, otherwise creates one',
        ),
    }),
    change('move-account', { name: z.string(), accountId, from: ouPath, to: ouPath }),
    change('tag-account', {
      name: z.string(),
      accountId,
      set: z.array(
        z.object({
          key: z.string(),
          value: z.string(),
          was: z.string().optional().describe('the current value; absent when the tag is not set'),
        }),
      ),
    }),
    change('scp-policy', {
      name: z.string(),
      action: z.enum(['create', 'update', 'adopt']),
      policyId: z.string().optional().describe('absent when the SCP is created'),
      contentChanged: z.boolean(),
      descriptionChanged: z.boolean(),
      size: count.describe('characters of the policy as the quota counts them (5,120 at most)'),
      diff: z.array(z.string()).describe('the JSON diff of the content, "+ " and "- " lines'),
    }),
    change('scp-attachments', {
      target: targetRef,
      label: z.string().describe('root, an OU path, or an account name'),
      attach: z.array(z.string()),
      detach: z.array(z.string()),
      after: z.array(z.string()).describe('every SCP attached directly afterwards'),
    }),
    change('create-transit-gateway', {
      name: z.string(),
      owner: z.string().describe('the account that owns it'),
      region: z.string(),
      amazonSideAsn: z.int(),
    }),
    change('log-archive-bucket', {
      bucket: z.string(),
      account: z.string(),
      region: z.string(),
      create: z.boolean().describe('create the bucket too, or only add delivery statements to its policy'),
      missing: z.array(z.string()).describe('services whose delivery statements the policy lacks'),
    }),
    change('baseline', {
      name: z.string().describe('the account'),
      accountId: accountId.optional().describe('absent while the account does not exist yet'),
      baseline: z.string(),
      steps: z.array(
        z.object({
          step: z.string(),
          summary: z.string(),
          changes: z.array(z.string()),
          differences: z.array(z.string()),
        }),
      ),
    }),
    change('baseline-organization', {
      baseline: z.string(),
      steps: z.array(z.object({ step: z.string(), changes: z.array(z.string()) })),
    }),
    change('prune-move-account', { name: z.string(), accountId, from: ouPath, to: ouPath }),
    change('close-account', { name: z.string(), accountId, ou: ouPath }),
    change('delete-ou', { path: ouPath, ouId: z.string() }),
    change('delete-scp', {
      name: z.string(),
      policyId: z.string(),
      detachFrom: z.array(z.object({ id: z.string(), label: z.string() })),
    }),
  ])
  .meta({ id: 'LandingZoneChange' });

const planTotals = z.object({
  changes: count,
  writes: count,
  drift: count,
  ous: z.object({ create: count, delete: count }),
  accounts: z.object({ create: count, move: count, tag: count, close: count, unchanged: count }),
  scps: z.object({ create: count, update: count, attach: count, detach: count, delete: count }),
  baselines: z.object({ accounts: count, steps: count }),
  prerequisites: count,
  unmanaged: count,
});

const coded = z.object({ code: z.string().describe('stable code'), message: z.string() });

/** The plan itself: also the `plan` of the apply document. */
const planFields = {
  planId: z.string().describe('a digest of the source and the changes; journals and saved plans refer to it'),
  createdAt: isoTime,
  organization: z.object({
    id: z.string().optional().describe('absent when there is no organization yet'),
    managementAccountId: accountId.optional(),
    rootId: z.string().optional(),
  }),
  options: z.object({ prune: z.boolean(), close: z.boolean(), adopt: z.boolean() }),
  changes: z.array(planChange).describe('in apply order'),
  unmanaged: z
    .array(
      z.object({
        type: z.enum(['account', 'ou', 'scp']),
        name: z.string(),
        id: z.string(),
        ou: z.string().optional().describe('for accounts and OUs: where it is'),
        prune: z.string().describe('what --prune would do, or why it cannot'),
      }),
    )
    .describe('managed by awsarch (tagged awsarch:managed) but no longer in the file'),
  refusals: z
    .array(coded.extend({ subject: z.string().optional() }))
    .describe('reasons the plan must not be applied (exit 2, nothing changed)'),
  warnings: z.array(coded),
  totals: planTotals,
};

const source = { path: z.string().describe('the landing-zone file'), sha256: z.string() };

export const landingZonePlanDocument = documentSchema(
  'landing-zone-plan',
  {
    title: 'awsarch plan',
    description:
      'What apply would change, from what AWS says now. `plan --out FILE` saves this document with the text of the landing-zone file (source.text); `apply FILE` applies exactly that plan.',
  },
  {
    ...planFields,
    source: z.object({
      ...source,
      text: z.string().optional().describe('the landing-zone file as planned; only in a plan saved with --out'),
    }),
    refusalsAt: z
      .array(z.string())
      .optional()
      .describe('each refusal located in the file, "file:line:column: path: message"; absent in a saved plan'),
    adopted: z
      .array(z.object({ key: z.string(), description: z.string() }))
      .optional()
      .describe('with --adopt: what was written into the file (the plan is made from the file as changed)'),
    savedTo: z.string().optional().describe('with --out: where the plan was saved'),
    apiCalls: apiCalls.optional().describe('absent in a saved plan'),
  },
);

export const landingZoneApplyDocument = documentSchema(
  'landing-zone-apply',
  {
    title: 'awsarch apply',
    description: 'What apply did: each change of the plan done, failed (with its cause) or skipped (with why).',
  },
  {
    planId: z.string(),
    organizationId: z.string().optional().describe('absent only when creating the organization failed'),
    source: z.object(source),
    savedPlan: z.string().optional().describe('applied from this saved plan (checked against AWS first)'),
    resumed: z
      .object({ planId: z.string(), startedAt: isoTime, done: count })
      .optional()
      .describe('set when this run finished what an interrupted one began'),
    plan: z.object({ ...planFields, source: z.object(source) }).describe('the plan that was applied'),
    outcomes: z.array(
      z.object({
        key: z.string(),
        kind: z.string().describe("the change's kind, as in plan.changes"),
        status: z.enum(['done', 'failed', 'skipped']),
        detail: z.string().optional(),
        error: errorInfo.optional().describe('why it failed'),
      }),
    ),
    totals: z.object({ done: count, failed: count, skipped: count }),
    journal: z.string().optional().describe('the run journal (absent when nothing was to be done)'),
    apiCalls,
  },
);

export const accountMoveDocument = documentSchema(
  'account-move',
  { title: 'awsarch account move', description: 'An account moved to another OU, and the SCPs that changes.' },
  {
    accountId,
    name: z.string(),
    from: z.string().describe('OU path before, / for the root'),
    to: z.string().describe('OU path after'),
    status: z.enum(['moved', 'unchanged', 'planned']),
    scps: z
      .object({ lost: z.array(z.string()), gained: z.array(z.string()) })
      .describe('SCPs that apply to the account only before the move, and only after'),
  },
);

export const accountCloseDocument = documentSchema(
  'account-close',
  {
    title: 'awsarch account close',
    description: "An account closed (or to be closed with --dry-run), and AWS's closing quota.",
  },
  {
    accountId,
    name: z.string(),
    email: z.string(),
    ou: z.string().describe('its OU path, / for the root'),
    status: z.enum(['planned', 'closing', 'closed', 'already-closed']),
    budget: z
      .object({
        quota: count.describe('accounts that may be closed in 30 days'),
        used: count.describe('closed accounts still in the organization (counted against the quota)'),
        remaining: count.describe('how many more may be closed now (before this one)'),
        inProgress: count.describe('closures in progress (PENDING_CLOSURE); AWS allows 3 at a time'),
      })
      .describe("AWS's closing quota, as far as the organization shows it"),
  },
);
