import { DescribeTransitGatewaysCommand, EC2Client } from '@aws-sdk/client-ec2';
import { toAwsarchError } from '../aws/aws-errors.js';
import type { NetworkParams } from './definition.js';
import type { Prepared } from './model.js';
import { accountLabel, clientsFor, resolveAccount, type BaselineRun } from './run-context.js';

/** The shared transit gateway, found once per run in its owner account. */
export interface SharedTransitGateway {
  id: string;
  ownerId: string;
  ownerLabel: string;
  autoAccept: boolean;
}

/**
 * Finds the transit gateway by id or Name tag in its owner's account (read only: the gateway belongs to the
 * network team).
 */
export async function prepareNetwork(run: BaselineRun, params: NetworkParams): Promise<Prepared<SharedTransitGateway>> {
  const fail = (summary: string): Prepared<SharedTransitGateway> => ({
    state: 'error',
    summary,
    differences: [],
    changes: [],
  });
  let owner;
  try {
    owner = resolveAccount(run, params.transitGateway.owner);
  } catch (error) {
    return fail(`transit gateway owner: ${(error as Error).message}`);
  }
  const wanted = params.transitGateway.id ?? `Name=${params.transitGateway.name}`;
  const ec2 = clientsFor(run, owner.id).client(EC2Client, { region: run.baseline.homeRegion });
  try {
    const { TransitGateways = [] } = await run.session.limits.call('ec2', () =>
      ec2.send(
        new DescribeTransitGatewaysCommand(
          params.transitGateway.id
            ? { TransitGatewayIds: [params.transitGateway.id] }
            : {
                Filters: [
                  { Name: 'tag:Name', Values: [params.transitGateway.name ?? ''] },
                  { Name: 'owner-id', Values: [owner.id] },
                ],
              },
        ),
      ),
    );
    const found = TransitGateways.filter((tgw) => tgw.State === 'available' && tgw.OwnerId === owner.id);
    if (found.length !== 1) {
      return fail(
        found.length === 0
          ? `no available transit gateway ${wanted} owned by ${accountLabel(owner)} in ${run.baseline.homeRegion} (in the sandbox: awsarch sandbox seed network)`
          : `${found.length} transit gateways match ${wanted}; give its id in the baseline`,
      );
    }
    const tgw = found[0];
    const autoAccept = tgw?.Options?.AutoAcceptSharedAttachments === 'enable';
    return {
      state: 'ok',
      summary: `${tgw?.TransitGatewayId} of ${accountLabel(owner)}${autoAccept ? ', auto-accepting' : ''}`,
      differences: [],
      changes: [],
      shared: { id: tgw?.TransitGatewayId ?? '', ownerId: owner.id, ownerLabel: accountLabel(owner), autoAccept },
    };
  } catch (error) {
    return fail(toAwsarchError(error, `Finding transit gateway ${wanted} in ${accountLabel(owner)}`).message);
  }
}
