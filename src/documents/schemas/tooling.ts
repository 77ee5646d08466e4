import { z } from 'zod';
import { accountId, count, documentSchema, milliseconds } from './common.js';

export const completionDocument = documentSchema(
  'completion',
  {
    title: 'awsarch completion',
    description: 'A shell completion script, generated from the commands of this awsarch.',
  },
  {
    shell: z.enum(['bash', 'zsh', 'fish']),
    script: z.string().describe('the script, as `awsarch completion SHELL` prints it'),
  },
);

const checkName = z.enum(['identity', 'account', 'organization', 'member-role', 'region', 'endpoints', 'sandbox']);

export const doctorDocument = documentSchema(
  'doctor',
  {
    title: 'awsarch doctor',
    description: 'Who and where awsarch acts: one check per line, in this order; exit 1 when a required check failed.',
  },
  {
    checks: z.array(
      z.object({
        name: checkName,
        status: z.enum(['ok', 'warning', 'failed']).describe('warning: worth knowing, awsarch still works'),
        required: z.boolean().describe('a failed required check makes doctor exit 1'),
        text: z.string().describe('the line after the check name'),
        error: z
          .object({ code: z.string().describe('stable error code'), message: z.string(), hint: z.string().optional() })
          .optional(),
      }),
    ),
    identity: z.object({ arn: z.string(), accountId, userId: z.string() }).optional(),
    account: z.object({ id: accountId, name: z.string().optional() }).optional(),
    organization: z
      .object({ id: z.string(), managementAccountId: accountId, isManagementAccount: z.boolean() })
      .optional(),
    memberRole: z
      .object({
        roleName: z.string(),
        accountId,
        accountName: z.string().optional(),
        assumed: z.boolean(),
      })
      .optional()
      .describe('the member account the access role was tried in'),
    region: z.object({
      region: z.string(),
      source: z.enum(['flag', 'env', 'profile', 'default']),
      from: z.string().describe('--region, AWSARCH_REGION, AWS_REGION, AWS_DEFAULT_REGION, the profile, the default'),
    }),
    endpoints: z.array(
      z.object({
        services: z.array(z.string()),
        url: z.string(),
        reachable: z.boolean(),
        ms: milliseconds.optional().describe('time to the first byte of the answer'),
        httpStatus: z.int().optional(),
        error: z.string().optional(),
      }),
    ),
    sandbox: z
      .object({
        stateDir: z.string(),
        endpoint: z.string(),
        shared: z.boolean().describe('a running `awsarch sandbox start` (true) or started for this command'),
        hasState: z.boolean(),
        accounts: count.optional(),
      })
      .optional()
      .describe('only with --sandbox'),
  },
);
