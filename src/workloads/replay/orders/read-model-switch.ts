import {
  CloudFormationClient,
  CreateChangeSetCommand,
  DescribeChangeSetCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
} from '@aws-sdk/client-cloudformation';
import { toAwsarchError } from '../../../aws/aws-errors.js';
import type { AwsClients } from '../../../aws/clients.js';
import type { Clock } from '../../../core/clock.js';
import { AwsarchError } from '../../../core/errors.js';
import type { DeployedStack } from '../workload-stack.js';
import type { RebuildPlan } from './rebuild-plan.js';
import { ERR } from '../../../core/error-codes.js';

export interface SwitchedReadModel {
  readonly projection: string;
  readonly parameter: string;
  readonly from: string;
  readonly to: string;
}

const NO_CHANGES = /didn't contain changes|No updates are to be performed/;

/** Polls with a growing interval (0.25 s up to 5 s): the sandbox answers at once, CloudFormation takes its time. */
async function poll<T>(
  clock: Pick<Clock, 'sleep' | 'now'>,
  timeoutMs: number,
  read: () => Promise<T | undefined>,
): Promise<T | undefined> {
  const deadline = clock.now() + timeoutMs;
  for (let attempt = 0; ; attempt += 1) {
    const value = await read();
    if (value !== undefined) return value;
    if (clock.now() > deadline) return undefined;
    await clock.sleep(Math.min(5000, 250 * 2 ** attempt));
  }
}

/**
 * Points the read models at their rebuilt tables: a stack update with the previous template and new
 * values of the read models' table parameters (every other parameter keeps its value), so the projector
 * and the query functions switch together, their permissions follow, and nothing drifts from the stack.
 */
export async function switchReadModels(
  aws: AwsClients,
  stack: DeployedStack,
  plan: RebuildPlan,
  clock: Pick<Clock, 'sleep' | 'now'>,
  timeoutMs = 30 * 60_000,
): Promise<SwitchedReadModel[]> {
  const cfn = aws.client(CloudFormationClient);
  const wanted = new Map(plan.targets.map((target) => [target.parameter, target.table]));
  const missing = [...wanted.keys()].filter((parameter) => !(parameter in stack.parameters));
  if (missing.length) {
    throw new AwsarchError(
      ERR.WORKLOAD_OUTDATED,
      `the Orders stack has no parameter ${missing.join(', ')} to switch read models with`,
      { hint: 'deploy the current version first: awsarch deploy orders' },
    );
  }
  const name = `awsarch-switch-read-models-${clock.now()}`;
  try {
    const changeSet = await cfn.send(
      new CreateChangeSetCommand({
        StackName: stack.stackName,
        ChangeSetName: name,
        ChangeSetType: 'UPDATE',
        UsePreviousTemplate: true,
        Capabilities: ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND'],
        Parameters: Object.keys(stack.parameters).map((key) =>
          wanted.has(key)
            ? { ParameterKey: key, ParameterValue: wanted.get(key) }
            : { ParameterKey: key, UsePreviousValue: true },
        ),
        Description: `awsarch replay orders: serve ${plan.targets.map((target) => `${target.projection} from ${target.table}`).join(', ')}`,
      }),
    );
    const created = await poll(clock, timeoutMs, async () => {
      const described = await cfn.send(
        new DescribeChangeSetCommand({ ChangeSetName: changeSet.Id, StackName: stack.stackName }),
      );
      return described.Status === 'CREATE_COMPLETE' || described.Status === 'FAILED' ? described : undefined;
    });
    if (created?.Status === 'FAILED' && !NO_CHANGES.test(created.StatusReason ?? ''))
      throw new AwsarchError(ERR.SWITCH_FAILED, `switching the read models failed: ${created.StatusReason}`, {});
    if (created?.Status === 'CREATE_COMPLETE') {
      await cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: changeSet.Id, StackName: stack.stackName }));
      const done = await poll(clock, timeoutMs, async () => {
        const current = (await cfn.send(new DescribeStacksCommand({ StackName: stack.stackName }))).Stacks?.[0];
        return current?.StackStatus && !current.StackStatus.endsWith('_IN_PROGRESS') ? current : undefined;
      });
      if (done?.StackStatus !== 'UPDATE_COMPLETE') {
        throw new AwsarchError(
          ERR.SWITCH_FAILED,
          `switching the read models left the ${stack.stackName} stack ${done?.StackStatus ?? 'still updating'}${done?.StackStatusReason ? `: ${done.StackStatusReason}` : ''}`,
          {
            hint: 'the rebuilt tables are complete; fix the stack and run the same command again to switch',
          },
        );
      }
    }
  } catch (error) {
    throw toAwsarchError(error, 'Switching the read models to the rebuilt tables');
  }
  return plan.targets.map((target) => ({
    projection: target.projection,
    parameter: target.parameter,
    from: target.liveTable,
    to: target.table,
  }));
}
