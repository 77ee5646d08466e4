import { LambdaClient, ListEventSourceMappingsCommand } from '@aws-sdk/client-lambda';
import { toAwsarchError } from '../aws/aws-errors.js';
import type { CommandContext } from '../core/context.js';
import type { WorkloadDefinition } from './catalog.js';
import { messagesWaiting } from './load/dead-letters.js';
import { stackResourcesOfTypes } from './replay/stack-resources.js';
import { readWorkloadStack, workloadAccount } from './replay/workload-stack.js';

/** A queue of the stack where failed events wait (dead-letter queues, on-failure destinations). */
export interface QueueStatus {
  readonly name: string;
  readonly messages: number;
}

/** An event source mapping of one of the stack's functions. */
export interface MappingStatus {
  readonly function: string;
  readonly source: string;
  readonly state: string;
  readonly lastProcessingResult: string;
}

export interface WorkloadStatus {
  readonly workload: WorkloadDefinition['name'];
  readonly account: string;
  readonly stack: string;
  readonly stackStatus: string;
  readonly functions: readonly string[];
  readonly mappings: readonly MappingStatus[];
  readonly deadLetters: readonly QueueStatus[];
  /** Messages waiting in all of them. */
  readonly deadLettered: number;
}

/**
 * How a deployed workload's event paths stand: its functions, the state and last result of their event
 * source mappings (the orders projector on the event store's stream), and the failed events waiting in
 * its dead-letter queues and on-failure destinations (what `awsarch replay` or a redrive would repair).
 */
export async function workloadStatus(
  ctx: Pick<CommandContext, 'aws'>,
  request: { workload: WorkloadDefinition; account?: string },
): Promise<WorkloadStatus> {
  const account = await workloadAccount(ctx, request.account);
  const stackName = request.workload.stacks[0]?.id ?? '';
  const stack = await readWorkloadStack(account, stackName, request.workload.name);
  const resources = await stackResourcesOfTypes(account, stackName, ['AWS::Lambda::Function', 'AWS::SQS::Queue']);
  const functions = resources
    .filter((resource) => resource.type === 'AWS::Lambda::Function')
    .map((fn) => fn.physicalId);
  const queues = resources
    .filter((resource) => resource.type === 'AWS::SQS::Queue')
    .map((queue) => ({ logicalId: queue.logicalId, url: queue.physicalId }));
  const lambda = account.aws.client(LambdaClient);
  const mappings: MappingStatus[] = [];
  for (const name of functions) {
    const { EventSourceMappings = [] } = await lambda
      .send(new ListEventSourceMappingsCommand({ FunctionName: name }))
      .catch((error: unknown) => {
        throw toAwsarchError(error, `Listing the event source mappings of ${name}`);
      });
    for (const mapping of EventSourceMappings)
      mappings.push({
        function: name,
        source: mapping.EventSourceArn ?? '',
        state: mapping.State ?? '',
        lastProcessingResult: mapping.LastProcessingResult ?? '',
      });
  }
  const deadLetters: QueueStatus[] = [];
  for (const queue of queues)
    deadLetters.push({ name: queue.logicalId, messages: await messagesWaiting(account, [queue]) });
  return {
    workload: request.workload.name,
    account: account.label,
    stack: stack.stackName,
    stackStatus: stack.status,
    functions,
    mappings,
    deadLetters,
    deadLettered: deadLetters.reduce((sum, queue) => sum + queue.messages, 0),
  };
}
