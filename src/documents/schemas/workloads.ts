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
    bootstrap: z
      .enum(['bootstrapped', 'already-bootstrapped'])
      .optional()
      .describe('with --bootstrap, not in a dry run: what the bootstrap did (a dry run reports bootstrapPlan)'),
    bootstrapPlan: z
      .object({
        stackName: z.string().describe('the bootstrap stack, CDKToolkit'),
        requested: z.boolean().describe('--bootstrap was given: a deploy would do this'),
        action: z.enum(['create', 'update', 'none']).describe('what a deploy with --bootstrap would do to the stack'),
        reasons: z
          .array(
            z.enum([
              'missing',
              'review-in-progress',
              'creation-failed',
              'outdated',
              'execution-policies',
              'up-to-date',
              'newer-than-toolkit',
              'other-variant',
            ]),
          )
          .describe(
            'why: no stack, a stack never created (REVIEW_IN_PROGRESS) or failed to create (create); an older version, other execution policies (update); up to date, a newer version or a customised template the toolkit leaves alone (none)',
          ),
        templateVersion: count.describe('the BootstrapVersion of the template the bundled CDK toolkit deploys'),
        deployedVersion: count
          .optional()
          .describe("the stack's BootstrapVersion output; absent without a usable stack"),
        deployedExecutionPolicies: z
          .array(z.string())
          .optional()
          .describe(
            "the stack's CloudFormationExecutionPolicies ([]: AdministratorAccess); absent without a usable stack",
          ),
        executionPolicies: z
          .array(z.string())
          .describe('the execution policies after a bootstrap ([]: AdministratorAccess)'),
        requiredVersion: count
          .optional()
          .describe("the lowest bootstrap version the workload's stacks accept; absent when they need none"),
        needsBootstrap: z
          .boolean()
          .describe('a deploy without --bootstrap would fail: no usable stack, or one older than requiredVersion'),
      })
      .optional()
      .describe(
        'with dryRun: the bootstrap stack read (DescribeStacks) and what --bootstrap would do; nothing is written',
      ),
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
    permissionChanges: z
      .array(
        z.object({
          stack: z.string(),
          change: z.enum(['add', 'remove']),
          kind: z.enum(['iam-statement', 'managed-policy', 'security-group']),
          effect: z
            .enum(['Allow', 'Deny', 'ingress', 'egress', 'attach'])
            .describe(
              'Allow/Deny for IAM statements, ingress/egress for security-group rules, attach for managed policies',
            ),
          actions: z
            .array(z.string())
            .describe("IAM actions; a security-group rule's protocol and ports; the managed policy's ARN"),
          resource: z
            .string()
            .describe('what it applies to, references rendered with construct paths, e.g. ${Orders/EventStore.Arn}'),
          principal: z
            .string()
            .describe('who gets it: the role of an identity policy, a Principal, a peer CIDR or group'),
          condition: z.string().optional().describe('the IAM condition, e.g. "ArnLike aws:SourceArn=…"'),
          source: z.string().describe('the construct path of the template resource that carries it'),
        }),
      )
      .describe(
        'the permissions the deployment adds and removes: synthesized templates against the deployed ones (GetTemplate)',
      ),
    durationMs: milliseconds,
    sandbox: z
      .boolean()
      .describe(
        "the sandbox's CloudFormation recorded the stacks; it made real only the data paths and functions the workloads run",
      ),
  },
);

export const workloadsUrlDocument = documentSchema(
  'workloads-url',
  { title: 'awsarch workloads url', description: "Where a deployed workload's HTTP API answers, with its routes." },
  {
    workload: workloadName,
    account: z
      .string()
      .describe('the account the workload runs in, as a label ("the caller\'s account", or id and name)'),
    apiId: z.string(),
    url: z.string().describe("API Gateway's endpoint; with --sandbox, where the sandbox serves the API on 127.0.0.1"),
    awsUrl: z.string().describe("the stack's ApiUrl output: the address AWS gives the API"),
    servedBy: z.enum(['aws', 'sandbox']),
    servedWhileThisCommandRuns: z
      .boolean()
      .describe(
        'the sandbox ran inside this command: the URL stopped answering when it ended (use awsarch sandbox start)',
      ),
    routes: z.array(z.string()).describe('route keys, e.g. "POST /orders"'),
  },
);

export const workloadsStatusDocument = documentSchema(
  'workloads-status',
  {
    title: 'awsarch workloads status',
    description: "A deployed workload's event source mappings and the failed events waiting in its queues.",
  },
  {
    workload: workloadName,
    account: z
      .string()
      .describe('the account the workload runs in, as a label ("the caller\'s account", or id and name)'),
    stack: z.string(),
    stackStatus: z.string(),
    functions: z.array(z.string()).describe("the stack's Lambda functions (names)"),
    mappings: z.array(
      z.object({
        function: z.string(),
        source: z.string().describe('the stream or queue ARN'),
        state: z.string(),
        lastProcessingResult: z.string(),
      }),
    ),
    deadLetters: z
      .array(z.object({ name: z.string().describe('logical id of the queue'), messages: count }))
      .describe("the stack's queues: dead-letter queues and on-failure destinations"),
    deadLettered: count.describe('messages waiting in all of them'),
  },
);
