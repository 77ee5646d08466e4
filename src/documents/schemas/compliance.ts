import { z } from 'zod';
import { accountId, count, documentSchema, isoTime, milliseconds } from './common.js';

const severity = z.enum(['critical', 'high', 'medium']);
const severityCounts = z.object({ critical: count, high: count, medium: count });
const cellState = z
  .enum(['ok', 'issues', 'missing', 'error', 'unknown', 'unchecked'])
  .describe(
    'ok as wanted; issues (findings, non-compliant rules, logging or SCPs off); missing: the service is not set up for the account (not baselined); error: could not be read for this account; unknown: the organization-wide source could not be read (see problems); unchecked: nothing to compare with',
  );

const account = z.object({
  accountId,
  name: z.string(),
  ou: z.string().describe('OU path, "" for the root'),
  config: z.object({
    state: cellState,
    compliant: count.describe('AWS Config rules compliant in the account (every Region of the aggregator)'),
    nonCompliant: count,
  }),
  securityHub: z.object({
    state: cellState,
    counts: severityCounts.describe("active, unresolved findings other than GuardDuty's"),
  }),
  guardDuty: z.object({ state: cellState, counts: severityCounts.describe('findings not archived') }),
  logging: z.object({
    state: cellState,
    trail: z.string().optional().describe('the trail judged: the one logging into the log archive first'),
    lastDelivery: isoTime.optional(),
    deliveryAgeMinutes: count.optional(),
    problems: z.array(z.string()),
  }),
  scps: z.object({
    state: cellState,
    inEffect: z.array(z.string()).describe('names of the SCPs on the root, the OUs above and the account'),
    missing: z.array(z.string()).describe('in the landing-zone file but not in effect'),
    unexpected: z.array(z.string()).describe('in effect but not in the landing-zone file'),
  }),
});

const worstItem = z.object({
  source: z.enum(['securityhub', 'guardduty', 'config', 'cloudtrail', 'scp']),
  severity: severity.optional().describe("Security Hub's or GuardDuty's severity; absent for rules, trails and SCPs"),
  title: z.string(),
  resource: z.string(),
  accountId,
  accountName: z.string(),
  region: z.string(),
  link: z.string().describe('the item in the AWS console'),
});

const report = {
  assessment: z.object({
    collectedAt: isoTime,
    homeRegion: z.string(),
    maxLogAgeMinutes: count,
    failOn: severity,
    accounts: z.array(account),
    totals: z.object({ securityHub: severityCounts, guardDuty: severityCounts, nonCompliantRules: count }),
    atOrAboveFailOn: count.describe(
      'Security Hub and GuardDuty findings at or above failOn (exit 4 with --detailed-exitcode)',
    ),
    worst: z.array(worstItem).describe('the first --top items, worst first'),
    itemCount: count.describe('how many items there were in all'),
    problems: z
      .array(
        z.object({
          source: z.enum(['config', 'securityhub', 'guardduty', 'scps']),
          problem: z.string(),
          fix: z.string(),
        }),
      )
      .describe('organization-wide sources that could not be read, each with its fix'),
    notes: z.array(z.string()),
    sources: z.object({
      config: z.string().optional().describe('the aggregator, its account and Region'),
      securityHub: z.string().optional().describe("the administrator's account and Region"),
      guardDuty: z.string().optional(),
      scps: z.string().optional().describe('the landing-zone file the SCPs were compared with'),
    }),
  }),
  collection: z.object({
    calls: count.describe('AWS API calls of this read, the organization included'),
    rounds: count.describe('the longest chain of calls that waited for one another'),
    durationMs: milliseconds,
  }),
};

export const complianceDocument = documentSchema(
  'compliance',
  {
    title: 'awsarch compliance',
    description:
      'Per account: AWS Config rules, Security Hub and GuardDuty findings by severity, logging, SCPs in effect; the worst items with console links',
  },
  report,
);

export const complianceFrameDocument = documentSchema(
  'compliance-frame',
  { title: 'awsarch compliance --watch (one refresh)', description: 'One line per refresh with --watch' },
  report,
);

export const complianceWatchDocument = documentSchema(
  'compliance-watch',
  { title: 'awsarch compliance --watch (when it stops)', description: 'The last line of --watch' },
  {
    watch: z.object({
      refreshes: count,
      last: z.object(report).optional().describe('the last report read'),
    }),
  },
);
