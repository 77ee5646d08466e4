import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import {
  bootstrapTemplateFacts,
  planBootstrap,
  type DeployedBootstrapStack,
} from '../../../src/workloads/bootstrap-plan.js';
import { bundledBootstrapTemplate } from '../../../src/workloads/bootstrap-check.js';
import { bootstrapPlanLine } from '../../../src/ui/views/bootstrap-plan.js';

const TEMPLATE = { version: 32, variant: 'AWS CDK: Default Resources' };
const POWER_USER = 'arn:aws:iam::aws:policy/PowerUserAccess';
const IAM_FULL = 'arn:aws:iam::aws:policy/IAMFullAccess';
const WHERE = '111111111111/us-east-1';

/** A bootstrap stack as DescribeStacks shows it after `cdk bootstrap`. */
function stack(version: string, policies = '', extra: Partial<DeployedBootstrapStack> = {}): DeployedBootstrapStack {
  return {
    status: 'CREATE_COMPLETE',
    outputs: { BootstrapVersion: version, BucketName: 'cdk-hnb659fds-assets' },
    parameters: { CloudFormationExecutionPolicies: policies, Qualifier: 'hnb659fds' },
    ...extra,
  };
}

const ask = (executionPolicies: string[] = [], requested = true) => ({
  requested,
  executionPolicies,
  requiredVersion: 6,
});

describe('planBootstrap: what deploy --bootstrap would do, from reads only', () => {
  it('creates a missing stack, one never created (REVIEW_IN_PROGRESS) and one that failed to create', () => {
    expect(planBootstrap(undefined, TEMPLATE, ask())).toEqual({
      stackName: 'CDKToolkit',
      requested: true,
      action: 'create',
      reasons: ['missing'],
      templateVersion: 32,
      requiredVersion: 6,
      executionPolicies: [],
      needsBootstrap: true,
    });
    const review = planBootstrap(stack('', '', { status: 'REVIEW_IN_PROGRESS', outputs: {} }), TEMPLATE, ask());
    expect(review).toMatchObject({ action: 'create', reasons: ['review-in-progress'], needsBootstrap: true });
    expect(review.deployedVersion).toBeUndefined();
    const failed = planBootstrap(stack('32', '', { status: 'ROLLBACK_COMPLETE' }), TEMPLATE, ask([POWER_USER]));
    expect(failed).toMatchObject({ action: 'create', reasons: ['creation-failed'], executionPolicies: [POWER_USER] });
  });

  it('updates an older version, and a stack whose execution policies differ from --execution-policy', () => {
    expect(planBootstrap(stack('28'), TEMPLATE, ask())).toMatchObject({
      action: 'update',
      reasons: ['outdated'],
      deployedVersion: 28,
      deployedExecutionPolicies: [],
      executionPolicies: [],
      needsBootstrap: false,
    });
    expect(planBootstrap(stack('32', POWER_USER), TEMPLATE, ask([POWER_USER, IAM_FULL]))).toMatchObject({
      action: 'update',
      reasons: ['execution-policies'],
      deployedExecutionPolicies: [POWER_USER],
      executionPolicies: [POWER_USER, IAM_FULL],
    });
    // Both at once; and an older stack than the stacks accept: a deploy without --bootstrap fails.
    expect(planBootstrap(stack('5', POWER_USER), TEMPLATE, ask([IAM_FULL]))).toMatchObject({
      action: 'update',
      reasons: ['outdated', 'execution-policies'],
      needsBootstrap: true,
    });
  });

  it('leaves an up-to-date stack: same version, and the same policies or none asked for (the stack keeps its own)', () => {
    expect(planBootstrap(stack('32', `${POWER_USER},${IAM_FULL}`), TEMPLATE, ask())).toMatchObject({
      action: 'none',
      reasons: ['up-to-date'],
      deployedVersion: 32,
      executionPolicies: [POWER_USER, IAM_FULL],
      needsBootstrap: false,
    });
    expect(planBootstrap(stack('32', POWER_USER), TEMPLATE, ask([POWER_USER]))).toMatchObject({
      action: 'none',
      reasons: ['up-to-date'],
    });
  });

  it('leaves what the toolkit refuses to touch: a newer version, another variant', () => {
    expect(planBootstrap(stack('40'), TEMPLATE, ask([POWER_USER]))).toMatchObject({
      action: 'none',
      reasons: ['newer-than-toolkit'],
      executionPolicies: [],
    });
    const custom = stack('32', '', {
      parameters: { CloudFormationExecutionPolicies: '', BootstrapVariant: 'Acme: hardened' },
    });
    expect(planBootstrap(custom, TEMPLATE, ask([POWER_USER]))).toMatchObject({
      action: 'none',
      reasons: ['other-variant'],
    });
  });

  it('without --bootstrap still says whether a deploy needs it; stacks that need no bootstrap never do', () => {
    expect(planBootstrap(undefined, TEMPLATE, ask([], false))).toMatchObject({
      requested: false,
      needsBootstrap: true,
    });
    expect(planBootstrap(undefined, TEMPLATE, { requested: false, executionPolicies: [] })).toMatchObject({
      needsBootstrap: false,
    });
    expect(planBootstrap(stack('6'), TEMPLATE, ask([], false)).needsBootstrap).toBe(false);
  });
});

describe('the bootstrap template version', () => {
  it('reads BootstrapVersion from an output or the SSM parameter, and the variant; no version is undefined', () => {
    expect(
      bootstrapTemplateFacts({
        Parameters: { BootstrapVariant: { Default: 'Acme' } },
        Outputs: { BootstrapVersion: { Value: '31' } },
      }),
    ).toEqual({ version: 31, variant: 'Acme' });
    expect(bootstrapTemplateFacts({ Resources: { CdkBootstrapVersion: { Properties: { Value: 19 } } } })).toEqual({
      version: 19,
      variant: 'AWS CDK: Default Resources',
    });
    expect(bootstrapTemplateFacts({ Outputs: { BootstrapVersion: { Value: { 'Fn::Sub': 'x' } } } })).toBeUndefined();
    expect(bootstrapTemplateFacts(undefined)).toBeUndefined();
  });

  it('is the version of the template file the installed toolkit-lib deploys (its output and its SSM parameter agree)', async () => {
    const facts = await bundledBootstrapTemplate();
    const root = dirname(createRequire(import.meta.url).resolve('@aws-cdk/toolkit-lib/package.json'));
    const template = parse(
      await readFile(join(root, 'lib', 'api', 'bootstrap', 'bootstrap-template.yaml'), 'utf8'),
    ) as { Resources: { CdkBootstrapVersion: { Properties: { Value: string } } } };
    expect(facts.version).toBe(Number(template.Resources.CdkBootstrapVersion.Properties.Value));
    expect(facts.version).toBeGreaterThanOrEqual(21);
    expect(facts.variant).toBe('AWS CDK: Default Resources');
  });
});

describe('bootstrapPlanLine', () => {
  it('says would create / would update from-to / up to date, and what a deploy without --bootstrap needs', () => {
    expect(bootstrapPlanLine(planBootstrap(undefined, TEMPLATE, ask()), WHERE)).toBe(
      'bootstrap: would create CDKToolkit (version 32) in 111111111111/us-east-1 with execution policy AdministratorAccess (pass --execution-policy ARN to restrict it)',
    );
    expect(bootstrapPlanLine(planBootstrap(undefined, TEMPLATE, ask([POWER_USER])), WHERE)).toBe(
      'bootstrap: would create CDKToolkit (version 32) in 111111111111/us-east-1 with execution policy PowerUserAccess',
    );
    expect(bootstrapPlanLine(planBootstrap(stack('28'), TEMPLATE, ask()), WHERE)).toBe(
      'bootstrap: would update CDKToolkit in 111111111111/us-east-1 from version 28 to 32',
    );
    expect(bootstrapPlanLine(planBootstrap(stack('28'), TEMPLATE, ask([POWER_USER, IAM_FULL])), WHERE)).toBe(
      'bootstrap: would update CDKToolkit in 111111111111/us-east-1 from version 28 to 32, execution policy AdministratorAccess → PowerUserAccess, IAMFullAccess',
    );
    expect(bootstrapPlanLine(planBootstrap(stack('32', POWER_USER), TEMPLATE, ask()), WHERE)).toBe(
      'bootstrap: CDKToolkit in 111111111111/us-east-1 is up to date (version 32, execution policy PowerUserAccess)',
    );
    expect(bootstrapPlanLine(planBootstrap(stack('40'), TEMPLATE, ask()), WHERE)).toMatch(
      /is at version 40, newer than this awsarch's CDK toolkit \(32\): left as it is$/,
    );
    expect(bootstrapPlanLine(planBootstrap(undefined, TEMPLATE, ask([], false)), WHERE)).toBe(
      'bootstrap: 111111111111/us-east-1 is not bootstrapped (no usable CDKToolkit stack): a deploy needs --bootstrap',
    );
    expect(bootstrapPlanLine(planBootstrap(stack('5'), TEMPLATE, ask([], false)), WHERE)).toBe(
      'bootstrap: CDKToolkit in 111111111111/us-east-1 is at version 5, the stacks need 6: a deploy needs --bootstrap',
    );
    expect(bootstrapPlanLine(planBootstrap(stack('32'), TEMPLATE, ask([], false)), WHERE)).toBeUndefined();
  });
});
