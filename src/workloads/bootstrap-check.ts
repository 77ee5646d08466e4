import { parse as parseYaml } from 'yaml';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { isAwsError, toAwsarchError } from '../aws/aws-errors.js';
import type { AwsClients } from '../aws/clients.js';
import { AwsarchError } from '../core/errors.js';
import { ERR } from '../core/error-codes.js';
import {
  BOOTSTRAP_STACK_NAME,
  bootstrapTemplateFacts,
  planBootstrap,
  type BootstrapPlan,
  type BootstrapPlanRequest,
  type BootstrapTemplateFacts,
  type DeployedBootstrapStack,
} from './bootstrap-plan.js';

/**
 * What `deploy --bootstrap` would do to the environment's bootstrap stack, from reads only: the stack as
 * CloudFormation describes it (DescribeStacks, with the target's credentials) and the template the installed
 * CDK toolkit would deploy. Nothing is created, not even a change set.
 */
export async function checkBootstrap(clients: AwsClients, request: BootstrapPlanRequest): Promise<BootstrapPlan> {
  const [template, deployed] = await Promise.all([bundledBootstrapTemplate(), describeBootstrapStack(clients)]);
  return planBootstrap(deployed, template, request);
}

/** The bootstrap stack (DescribeStacks), or undefined when there is none. */
async function describeBootstrapStack(clients: AwsClients): Promise<DeployedBootstrapStack | undefined> {
  const { CloudFormationClient, DescribeStacksCommand } = await import('@aws-sdk/client-cloudformation');
  try {
    const { Stacks = [] } = await clients
      .client(CloudFormationClient)
      .send(new DescribeStacksCommand({ StackName: BOOTSTRAP_STACK_NAME }));
    const stack = Stacks[0];
    if (!stack) return undefined;
    return {
      status: stack.StackStatus ?? '',
      outputs: Object.fromEntries((stack.Outputs ?? []).map((output) => [output.OutputKey, output.OutputValue ?? ''])),
      parameters: Object.fromEntries(
        (stack.Parameters ?? []).map((parameter) => [parameter.ParameterKey, parameter.ParameterValue ?? '']),
      ),
    };
  } catch (error) {
    if (isAwsError(error, 'ValidationError') && /does not exist/i.test(error.message ?? '')) return undefined;
    throw toAwsarchError(error, `reading the bootstrap stack ${BOOTSTRAP_STACK_NAME}`);
  }
}

/**
 * The version of the bootstrap template the installed @aws-cdk/toolkit-lib deploys: the file it loads itself
 * (lib/api/bootstrap/bootstrap-template.yaml in its package), found through Node's resolution from this module,
 * which works from src/, dist/ and the bundle in dist/bin/ alike (the toolkit stays an external package).
 */
export async function bundledBootstrapTemplate(): Promise<BootstrapTemplateFacts> {
  const packageJson = createRequire(import.meta.url).resolve('@aws-cdk/toolkit-lib/package.json');
  const file = join(dirname(packageJson), 'lib', 'api', 'bootstrap', 'bootstrap-template.yaml');
  const facts = bootstrapTemplateFacts(parseYaml(await readFile(file, 'utf8')));
  if (!facts) {
    throw new AwsarchError(ERR.TOOLKIT_FAILED, `the CDK toolkit's bootstrap template (${file}) declares no version`, {
      hint: 'reinstall awsarch (npm ci): its @aws-cdk/toolkit-lib package looks damaged',
    });
  }
  return facts;
}
