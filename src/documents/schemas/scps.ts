import { z } from 'zod';
import { count, documentSchema } from './common.js';

const scpName = z.string().describe('an SCP name (unique in an organization)');
const targetType = z.enum(['ROOT', 'ORGANIZATIONAL_UNIT', 'ACCOUNT']);
const targetLabel = z.string().describe('root, an OU path such as Workloads/Prod, or "Dev (111122223333)"');
const size = count.describe('characters after white space outside strings is removed (what the quota counts)');
const sizeLimit = count.describe("AWS's quota for an SCP document (5,120 characters)");
const parameterValue = z.union([z.string(), z.array(z.string())]);

export const scpListDocument = documentSchema(
  'scp-list',
  {
    title: 'awsarch scp list',
    description: 'The bundled SCP templates and (unless --bundled) the SCPs in the organization.',
  },
  {
    bundled: z.array(
      z.object({
        name: scpName,
        description: z.string(),
        size: size.describe('with the default parameters'),
        sizeLimit,
        parameters: z.array(
          z.object({
            name: z.string(),
            type: z.string().describe('the parameter type of the template, e.g. list or string'),
            description: z.string(),
            default: parameterValue.optional(),
          }),
        ),
      }),
    ),
    organization: z
      .object({
        id: z.string(),
        scpEnabled: z.boolean().describe('false: no SCP is in effect'),
        deployed: z.array(
          z.object({
            id: z.string(),
            name: scpName,
            description: z.string(),
            awsManaged: z.boolean(),
            managedByAwsarch: z.boolean().describe('tagged awsarch:managed=true'),
            attachedTo: z.array(z.object({ id: z.string(), type: targetType, label: targetLabel })),
          }),
        ),
      })
      .optional()
      .describe('absent with --bundled'),
  },
);

export const scpRenderDocument = documentSchema(
  'scp-render',
  { title: 'awsarch scp render', description: 'An SCP with its parameters filled in: exactly what apply uploads.' },
  {
    name: scpName,
    description: z.string(),
    parameters: z.record(z.string(), parameterValue),
    size,
    content: z.string().describe('the exact text uploaded (white space outside strings removed)'),
    document: z.record(z.string(), z.unknown()).describe('the same policy as a JSON object'),
  },
);

const issue = z.object({
  severity: z.enum(['error', 'warning']),
  rule: z.string().describe("stable rule name, e.g. 'unsupported-element'"),
  path: z.string().describe('where in the document, e.g. Statement[2].Condition; empty for the whole document'),
  message: z.string(),
  line: count.optional().describe('for files: the line of the path'),
  column: count.optional(),
});

export const scpValidateDocument = documentSchema(
  'scp-validate',
  { title: 'awsarch scp validate', description: 'Each policy checked offline, with its issues.' },
  {
    valid: z.boolean().describe('no errors (with --strict: and no warnings)'),
    errors: count,
    warnings: count,
    policies: z.array(
      z.object({
        name: z.string(),
        source: z.string().describe("'bundled' or the file that was checked"),
        size: size.optional().describe('absent when the JSON could not be parsed'),
        sizeLimit,
        issues: z.array(issue),
        errors: count,
        warnings: count,
      }),
    ),
  },
);

const policyPlan = z.object({
  name: scpName,
  action: z.enum(['create', 'update', 'adopt', 'unchanged', 'conflict']),
  policyId: z.string().optional().describe('absent for an SCP this run creates'),
  contentChanged: z.boolean(),
  descriptionChanged: z.boolean(),
  size,
  diff: z.array(z.string()).describe('a readable diff of the content, one "+ " or "- " line each'),
});

const targetPlan = z.object({
  target: targetLabel,
  targetId: z.string(),
  targetType,
  before: z.array(scpName).describe('the SCPs attached directly now'),
  after: z.array(scpName).describe('the SCPs attached directly once applied (at most 5)'),
  attach: z.array(scpName),
  detach: z.array(scpName),
});

const scpPlan = z
  .object({
    enableScps: z.boolean().describe('SCPs must first be enabled in the root'),
    policies: z.array(policyPlan),
    targets: z.array(targetPlan),
  })
  .meta({ id: 'ScpPlan', description: 'what apply does: SCP contents, then attachments per target' });

export const scpDiffDocument = documentSchema(
  'scp-diff',
  { title: 'awsarch scp diff', description: 'What scp apply would change, and what its guardrails would refuse.' },
  {
    organizationId: z.string(),
    changes: count.describe('write calls apply would make; 0 when the organization already matches'),
    plan: scpPlan,
    refusals: z
      .array(
        z.object({
          code: z.string(),
          message: z.string(),
          target: z.string().optional(),
          policy: z.string().optional(),
          accounts: z
            .array(z.object({ id: z.string(), label: z.string() }))
            .optional()
            .describe('scp-lockout: the member accounts that could do nothing at all any more'),
        }),
      )
      .describe('why apply would refuse (exit 2), changing nothing'),
  },
);

const stepStatus = z.enum(['done', 'unchanged', 'failed', 'skipped']);

export const scpApplyDocument = documentSchema(
  'scp-apply',
  {
    title: 'awsarch scp apply',
    description: 'The plan and, unless it was a dry run or there was nothing to do, what was done.',
  },
  {
    organizationId: z.string(),
    dryRun: z.boolean(),
    changes: count.describe('write calls the plan needs'),
    plan: scpPlan,
    outcome: z
      .object({
        enabledScps: z.boolean(),
        policies: z.array(
          z.object({
            name: scpName,
            action: policyPlan.shape.action,
            status: stepStatus,
            policyId: z.string().optional(),
            error: z.string().optional(),
          }),
        ),
        targets: z.array(
          z.object({
            target: targetLabel,
            targetId: z.string(),
            attached: z.array(scpName),
            detached: z.array(scpName),
            status: stepStatus,
            error: z.string().optional(),
          }),
        ),
      })
      .optional()
      .describe('absent with dryRun, or when there was nothing to change'),
    apiCalls: z.object({ total: count, reads: count, writes: count }),
  },
);

const decision = z.enum(['Allowed', 'Denied']);
const deniedBy = z
  .object({
    kind: z.enum(['explicit', 'implicit']).describe('explicit: a Deny statement; implicit: no SCP allows it'),
    policy: scpName.optional(),
    policyId: z.string().optional(),
    attachedTo: z.string().describe('the level the SCP is attached to, e.g. root or an OU path'),
    sid: z.string().optional(),
  })
  .meta({ id: 'DeniedBy' });

export const scpTestDocument = documentSchema(
  'scp-test',
  { title: 'awsarch scp test', description: 'One request evaluated against the SCPs that apply to an account.' },
  {
    account: z.object({ id: z.string(), name: z.string().optional() }),
    principal: z.string(),
    action: z.string(),
    resource: z.string(),
    decision,
    note: z.string().optional().describe('why it was allowed without evaluation (SCPs disabled, management account)'),
    deniedBy: deniedBy.optional(),
    reason: z.string().optional(),
    levels: z
      .array(z.object({ id: z.string(), name: z.string(), policies: z.array(scpName) }))
      .describe('root first, the account last, with the SCPs attached at each'),
    ignoredContextKeys: z.array(z.string()).describe('context keys that do not apply to the action'),
  },
);

export const scpTestCasesDocument = documentSchema(
  'scp-test-cases',
  { title: 'awsarch scp test --file', description: 'A table of cases with their expected and actual decisions.' },
  {
    file: z.string(),
    mode: z.enum(['offline', 'organization']),
    passed: count,
    failed: count,
    results: z.array(
      z.object({
        name: z.string(),
        action: z.string(),
        principal: z.string(),
        resource: z.string(),
        expected: decision,
        decision,
        passed: z.boolean(),
        deniedBy: deniedBy.optional(),
        reason: z.string().optional(),
        mismatch: z.string().optional().describe('why a case failed beyond the decision (wrong policy or Sid)'),
      }),
    ),
  },
);
