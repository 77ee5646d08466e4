import { parse as parseYaml } from 'yaml';
import { isAwsError, toAwsarchError } from '../aws/aws-errors.js';
import type { AwsClients } from '../aws/clients.js';
import type { CfnTemplate } from './template-intrinsics.js';

/**
 * The template CloudFormation holds for a stack (GetTemplate, a read), or an empty template when the stack
 * does not exist yet: what a deployment's permission changes are measured against.
 */
export async function readDeployedTemplate(clients: AwsClients, stackName: string): Promise<CfnTemplate> {
  const { CloudFormationClient, GetTemplateCommand } = await import('@aws-sdk/client-cloudformation');
  try {
    const { TemplateBody } = await clients
      .client(CloudFormationClient)
      .send(new GetTemplateCommand({ StackName: stackName, TemplateStage: 'Original' }));
    return parseTemplate(TemplateBody ?? '{}');
  } catch (error) {
    if (isAwsError(error, 'ValidationError') && /does not exist/i.test(error.message ?? '')) return {};
    throw toAwsarchError(error, `reading the deployed template of stack ${stackName}`);
  }
}

/** CloudFormation returns the template as it was submitted: JSON (what the CDK sends) or YAML. */
function parseTemplate(body: string): CfnTemplate {
  try {
    return JSON.parse(body) as CfnTemplate;
  } catch {
    return (parseYaml(body) ?? {}) as CfnTemplate;
  }
}
