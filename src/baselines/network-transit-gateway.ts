import { DescribeTransitGatewaysCommand, EC2Client } from '@aws-sdk/client-ec2';
import { toAwsarchError } from '../aws/aws-errors.js';
import type { NetworkParams } from './definition.js';
import { preparedError, type Prepared } from './model.js';
import { shareNetwork } from './network-sharing.js';
import type { SharedResolverRule } from './resolver-associations.js';
import { accountLabel, clientsFor, resolveAccount, type BaselineRun } from './run-context.js';

/** The shared transit gateway, found once per run in its owner account, and the Resolver rules VPCs use. */
export interface SharedTransitGateway {
  id: string;
  ownerId: string;
  ownerLabel: string;
  autoAccept: boolean;
  resolverRules: SharedResolverRule[];
}

/**
 * Finds the transit gateway by id or Name tag in its owner's account (read only: the gateway belongs to the
 * network team).
 */
export async function prepareNetwork(run: BaselineRun, params: NetworkParams): Promise<Prepared<SharedTransitGateway>> {
  let owner;
  try {
    owner = resolveAccount(run, params.transitGateway.owner);
  } catch (error) {
    return preparedError(`transit gateway owner: ${(error as Error).message}`);
  }
  const wanted = params.transitGateway.id ?? `Name=${params.transitGateway.name}`;
  const ec2 = clientsFor(run, owner.id).client(EC2Client, { region: run.baseline.homeRegion });
  try {
    const { TransitGateways = [] } = await ec2.send(
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
    );
    const found = TransitGateways.filter((tgw) => tgw.State === 'available' && tgw.OwnerId === owner.id);
    if (found.length !== 1) {
      return preparedError(
        found.length === 0
          ? `no available transit gateway ${wanted} owned by ${accountLabel(owner)} in ${run.baseline.homeRegion} (in the sandbox: awsarch sandbox seed network)`
          : `${found.length} transit gateways match ${wanted}; give its id in the baseline`,
      );
    }
    const tgw = found[0];
    const id = tgw?.TransitGatewayId ?? '';
    const autoAccept = tgw?.Options?.AutoAcceptSharedAttachments === 'enable';
    const arn = tgw?.TransitGatewayArn ?? `arn:aws:ec2:${run.baseline.homeRegion}:${owner.id}:transit-gateway/${id}`;
    let sharing;
    try {
      sharing = await shareNetwork(run, params, { id, arn, ownerId: owner.id, ownerLabel: accountLabel(owner) });
    } catch (error) {
      return preparedError(
        toAwsarchError(error, `Sharing transit gateway ${id} of ${accountLabel(owner)} through AWS RAM`).message,
      );
    }
    const rules = sharing.resolverRules.length > 0 ? `; ${sharing.resolverRules.length} Resolver rule(s)` : '';
    return {
      state: sharing.state,
      summary:
        sharing.state === 'ok'
          ? `${id} of ${accountLabel(owner)}${autoAccept ? ', auto-accepting' : ''}, shared with the organization${rules}`
          : sharing.differences.join('; '),
      differences: sharing.differences,
      changes: sharing.changes,
      shared: {
        id,
        ownerId: owner.id,
        ownerLabel: accountLabel(owner),
        autoAccept,
        resolverRules: sharing.resolverRules,
      },
    };
  } catch (error) {
    return preparedError(toAwsarchError(error, `Finding transit gateway ${wanted} in ${accountLabel(owner)}`).message);
  }
}
