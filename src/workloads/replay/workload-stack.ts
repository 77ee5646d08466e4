import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { isAwsError, toAwsarchError } from '../../aws/aws-errors.js';
import type { AwsClients } from '../../aws/clients.js';
import type { CommandContext } from '../../core/context.js';
import { AwsarchError } from '../../core/errors.js';
import { resolveNetworkAccount } from '../../hybrid/network-account.js';
import { ERR } from '../../core/error-codes.js';

/** The clients of the account a workload is deployed in (--account, else the caller's). */
export interface WorkloadAccount {
  readonly aws: AwsClients;
  /** The member account, or undefined for the caller's own. */
  readonly accountId?: string;
  readonly label: string;
}

export async function workloadAccount(
  ctx: Pick<CommandContext, 'aws'>,
  account: string | undefined,
): Promise<WorkloadAccount> {
  const accountId = await resolveNetworkAccount(ctx, account);
  return {
    aws: accountId ? ctx.aws.forAccount(accountId) : ctx.aws,
    accountId,
    label: accountId
      ? `account ${accountId}${account && account !== accountId ? ` (${account})` : ''}`
      : "the caller's account",
  };
}

/** What a deployed stack tells: its outputs and parameters. */
export interface DeployedStack {
  readonly stackName: string;
  readonly stackId: string;
  readonly status: string;
  readonly outputs: Readonly<Record<string, string>>;
  readonly parameters: Readonly<Record<string, string>>;
}

/** Reads a workload's stack; a missing stack is an error that says how to deploy it. */
export async function readWorkloadStack(
  account: WorkloadAccount,
  stackName: string,
  workload: string,
): Promise<DeployedStack> {
  const cfn = account.aws.client(CloudFormationClient);
  let stack;
  try {
    stack = (await cfn.send(new DescribeStacksCommand({ StackName: stackName }))).Stacks?.[0];
  } catch (error) {
    if (!isAwsError(error, 'ValidationError')) throw toAwsarchError(error, `Reading the ${stackName} stack`);
  }
  if (!stack || stack.StackStatus === 'DELETE_COMPLETE' || stack.StackStatus === 'REVIEW_IN_PROGRESS') {
    throw new AwsarchError(
      ERR.WORKLOAD_NOT_DEPLOYED,
      `the ${workload} workload is not deployed in ${account.label}: there is no ${stackName} stack`,
      {
        hint: `deploy it first: awsarch deploy ${workload}${account.accountId ? ` --account ${account.accountId}` : ''}`,
      },
    );
  }
  return {
    stackName,
    stackId: stack.StackId ?? '',
    status: stack.StackStatus ?? '',
    outputs: Object.fromEntries(
      (stack.Outputs ?? []).map((output) => [output.OutputKey ?? '', output.OutputValue ?? '']),
    ),
    parameters: Object.fromEntries(
      (stack.Parameters ?? []).map((parameter) => [parameter.ParameterKey ?? '', parameter.ParameterValue ?? '']),
    ),
  };
}

/** An output the workload always has; its absence means the stack is from another version of awsarch. */
export function requiredOutput(stack: DeployedStack, key: string, workload: string): string {
  const value = stack.outputs[key];
  if (!value) {
    throw new AwsarchError(ERR.WORKLOAD_OUTDATED, `the ${stack.stackName} stack has no output ${key}`, {
      hint: `deploy the current version: awsarch deploy ${workload}`,
    });
  }
  return value;
}
