import { CloudFormationClient, paginateListStackResources } from '@aws-sdk/client-cloudformation';
import { toAwsarchError } from '../../aws/aws-errors.js';
import type { WorkloadAccount } from './workload-stack.js';

/** A resource of a deployed stack: its logical id and what AWS calls it (physical id). */
export interface StackResource {
  readonly type: string;
  readonly logicalId: string;
  readonly physicalId: string;
}

/** The stack's resources of the given types (ListStackResources, every page). */
export async function stackResourcesOfTypes(
  account: WorkloadAccount,
  stackName: string,
  types: readonly string[],
): Promise<StackResource[]> {
  const found: StackResource[] = [];
  try {
    for await (const page of paginateListStackResources(
      { client: account.aws.client(CloudFormationClient) },
      { StackName: stackName },
    )) {
      for (const resource of page.StackResourceSummaries ?? [])
        if (resource.ResourceType && types.includes(resource.ResourceType) && resource.PhysicalResourceId)
          found.push({
            type: resource.ResourceType,
            logicalId: resource.LogicalResourceId ?? '',
            physicalId: resource.PhysicalResourceId,
          });
    }
  } catch (error) {
    throw toAwsarchError(error, `Listing the resources of the ${stackName} stack`);
  }
  return found;
}
