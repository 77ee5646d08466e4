import { DescribeVpcsCommand, EC2Client, type Vpc } from '@aws-sdk/client-ec2';
import { toAwsarchError } from '../aws/aws-errors.js';
import { cidrsOverlap, formatCidr, parseCidrBlock, subnetAt, subnetCount, type Cidr } from '../core/cidr.js';
import { AwsarchError } from '../core/errors.js';
import { accountLabel, clientsFor, memoized, type BaselineRun } from './run-context.js';
import { ERR } from '../core/error-codes.js';

/**
 * Pure: the lowest block of the given prefix length in the pool that overlaps none of the taken CIDRs
 * (any size, inside or outside the pool), or undefined when the pool is full.
 */
export function allocateCidr(pool: string, prefixLength: number, taken: readonly string[]): string | undefined {
  const poolBlock = parseCidrBlock(pool);
  if (!poolBlock) throw new Error(`${pool} is not a CIDR block`);
  const takenBlocks = taken.map((cidr) => parseCidrBlock(cidr)).filter((block): block is Cidr => block !== undefined);
  const count = subnetCount(poolBlock, prefixLength);
  for (let index = 0; index < count; index++) {
    const candidate = subnetAt(poolBlock, prefixLength, index) as Cidr;
    if (!takenBlocks.some((block) => cidrsOverlap(block, candidate))) return formatCidr(candidate);
  }
  return undefined;
}

/** The CIDR of every VPC in every active account of the organization (home region), read once per session. */
function vpcInventory(run: BaselineRun): Promise<string[]> {
  return memoized(run.session, `vpc-inventory:${run.baseline.homeRegion}`, async () => {
    const accounts = run.snapshot.accounts.filter((account) => account.status === 'ACTIVE');
    const perAccount = await Promise.all(
      accounts.map(async (account) => {
        const ec2 = clientsFor(run, account.id).client(EC2Client, { region: run.baseline.homeRegion });
        try {
          const vpcs: Vpc[] = [];
          let nextToken: string | undefined;
          do {
            const page = await ec2.send(new DescribeVpcsCommand({ NextToken: nextToken }));
            vpcs.push(...(page.Vpcs ?? []));
            nextToken = page.NextToken;
          } while (nextToken);
          return vpcs
            .flatMap((vpc) => [
              vpc.CidrBlock ?? '',
              ...(vpc.CidrBlockAssociationSet ?? []).map((association) => association.CidrBlock ?? ''),
            ])
            .filter(Boolean);
        } catch (error) {
          throw new AwsarchError(
            ERR.CIDR_INVENTORY,
            `cannot allocate a VPC CIDR without the VPCs of ${accountLabel(account)}: ${toAwsarchError(error, 'DescribeVpcs').message}`,
            {
              hint: 're-run once every account of the organization can be reached through the access role',
            },
          );
        }
      }),
    );
    return perAccount.flat();
  });
}

/**
 * Allocates an account's VPC CIDR from the pool: the lowest block that overlaps no VPC of the
 * organization nor any block this process already handed out. Calls are answered in the order made,
 * so a run that allocates for its accounts in a fixed order gets the same blocks every time.
 * (Two awsarch processes allocating at the same moment could still collide; AWS VPC IPAM is the
 * organization-wide answer to that.)
 */
export async function allocateVpcCidr(
  run: BaselineRun,
  pool: string,
  prefixLength: number,
  accountId: string,
): Promise<string> {
  const reserved = run.session.allocatedCidrs.get(accountId);
  if (reserved) return reserved;
  const taken = [...(await vpcInventory(run)), ...run.session.allocatedCidrs.values()];
  const cidr = allocateCidr(pool, prefixLength, taken);
  if (!cidr)
    throw new AwsarchError(ERR.CIDR_POOL_EXHAUSTED, `the CIDR pool ${pool} has no free /${prefixLength} left`, {
      hint: 'give the network step a larger cidrPool or a longer vpcPrefixLength',
    });
  run.session.allocatedCidrs.set(accountId, cidr);
  return cidr;
}
