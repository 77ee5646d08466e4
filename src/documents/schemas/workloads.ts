import { z } from 'zod';
import { accountId, count, documentSchema, milliseconds } from './common.js';

const workloadName = z.enum(['ride-sharing', 'orders']);

export const workloadsListDocument = documentSchema(
  'workloads-list',
  { title: 'awsarch workloads list', description: 'The bundled workloads, their stacks and their settings.' },
  {
    workloads: z.array(
      z.object({
        name: workloadName,
        title: z.string(),
        description: z.string(),
        stacks: z.array(
          z.object({ id: z.string().describe('the CloudFormation stack name'), description: z.string() }),
        ),
        context: z
          .array(z.object({ key: z.string(), description: z.string(), default: z.string().describe("'' for none") }))
          .describe('the settings --context key=value accepts'),
      }),
    ),
  },
);

export const synthDocument = documentSchema(
  'synth',
  { title: 'awsarch synth', description: 'The cloud assembly of a workload: stacks, resources, warnings.' },
  {
    workload: workloadName,
    outdir: z.string().describe('the cloud assembly directory (absolute)'),
    context: z.record(z.string(), z.string()),
    durationMs: milliseconds,
    stacks: z.array(
      z.object({
        name: z.string(),
        resourceCount: count,
        resourceTypes: z
          .array(z.object({ type: z.string(), count }))
          .describe('resources per CloudFormation type, most frequent first'),
        parameters: z.array(z.string()),
        outputs: z.array(z.string()),
        templateBytes: count,
        assets: count.describe('file assets a deployment uploads'),
      }),
    ),
    messages: z.array(
      z.object({
        level: z.enum(['error', 'warning', 'info']),
        stack: z.string(),
        path: z.string().describe('the construct path'),
        message: z.string(),
      }),
    ),
    validated: z.boolean().describe('the templates were validated (--validate)'),
  },
);

export const deployDocument = documentSchema(
  'deploy',
  { title: 'awsarch deploy', description: 'The stacks deployed (or, with dryRun, their changes).' },
  {
    workload: workloadName,
    account: accountId,
    region: z.string(),
    environment: z.string().describe('aws://ACCOUNT/REGION'),
    dryRun: z.boolean(),
    bootstrap: z.enum(['bootstrapped', 'already-bootstrapped']).optional().describe('with --bootstrap'),
    stacks: z.array(
      z.object({
        name: z.string(),
        status: z.enum(['deployed', 'unchanged', 'planned']),
        stackArn: z.string().optional(),
        outputs: z.record(z.string(), z.string()).optional(),
        changes: z
          .array(
            z.object({
              logicalId: z.string(),
              type: z.string(),
              change: z.enum(['add', 'remove', 'update', 'replace']),
            }),
          )
          .optional()
          .describe('with dryRun: what the deployment would change'),
      }),
    ),
    durationMs: milliseconds,
    sandbox: z
      .boolean()
      .describe("the sandbox's CloudFormation recorded the stacks: little was provisioned and no code runs"),
  },
);
