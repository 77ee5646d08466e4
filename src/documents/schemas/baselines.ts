import { z } from 'zod';
import { accountId, count, documentSchema, errorInfo } from './common.js';

const step = z.enum(['cloudtrail', 'config', 'guardduty', 'securityhub', 'network', 'roles']);

const cell = z
  .object({
    step,
    state: z
      .enum(['ok', 'drift', 'missing', 'error', 'applied', 'planned'])
      .describe('status: ok, drift, missing or error; apply: ok, applied or error; dry run: ok, planned or error'),
    summary: z.string(),
    differences: z.array(z.string()).describe('what differs from the baseline, one line each'),
    changes: z.array(z.string()).describe('changes made (apply) or that would be made (status, dry run)'),
    found: z
      .enum(['ok', 'drift', 'missing'])
      .optional()
      .describe('applied and planned cells: what was found before the change'),
    error: errorInfo.optional(),
  })
  .meta({ id: 'BaselineCell', description: 'one step in one account (or at the organization level)' });

const shape = {
  baseline: z.string().describe('the bundled baseline name or the file'),
  homeRegion: z.string(),
  regions: z.array(z.string()),
  steps: z.array(step),
  organization: z
    .array(cell)
    .describe("the organization-level checks, one per step; an error blocks that step's cells"),
  accounts: z.array(z.object({ id: accountId, name: z.string(), ou: z.string(), cells: z.array(cell) })),
  counts: z
    .object({ ok: count, drift: count, missing: count, error: count, applied: count, planned: count })
    .describe('cells in each state, the organization row included'),
};

export const baselineApplyDocument = documentSchema(
  'baseline-apply',
  { title: 'awsarch baseline apply', description: 'Accounts x steps after applying (or planning, with --dry-run).' },
  { mode: z.enum(['apply', 'dry-run']), ...shape },
);

export const baselineStatusDocument = documentSchema(
  'baseline-status',
  { title: 'awsarch baseline status', description: 'Accounts x steps: how each account compares with the baseline.' },
  { mode: z.literal('status'), ...shape },
);
