import {
  BatchDisableStandardsCommand,
  BatchEnableStandardsCommand,
  CreateMembersCommand,
  DescribeHubCommand,
  EnableSecurityHubCommand,
  GetEnabledStandardsCommand,
  SecurityHubClient,
  StartConfigurationPolicyAssociationCommand,
  type StandardsSubscription,
} from '@aws-sdk/client-securityhub';
import { isAwsError } from '../aws/aws-errors.js';
import { ERR } from '../core/error-codes.js';
import { AwsarchError } from '../core/errors.js';
import type { SecurityHubParams } from './definition.js';
import type { AccountTarget, BaselineStep } from './model.js';
import { clientsFor } from './run-context.js';
import { isNotSubscribed, prepareSecurityHub, type SecurityHubAdministration } from './securityhub-administrator.js';
import {
  planSecurityHub,
  type RegionHubState,
  type SecurityHubChange,
  type SecurityHubCurrent,
  type SecurityHubDesired,
} from './securityhub-plan.js';
import { standardArn, standardIdOf } from './securityhub-standards.js';

async function enabledStandards(target: AccountTarget, client: SecurityHubClient): Promise<StandardsSubscription[]> {
  const subscriptions: StandardsSubscription[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new GetEnabledStandardsCommand({ NextToken: token }));
    subscriptions.push(...(page.StandardsSubscriptions ?? []));
    token = page.NextToken;
  } while (token);
  return subscriptions;
}

async function readRegion(
  target: AccountTarget,
  administration: SecurityHubAdministration,
  region: string,
  isAdministrator: boolean,
): Promise<RegionHubState> {
  // Asked first, in the same turn for every account, so the administrator's GetMembers calls are batched; awaited
  // together with the account's own reads, so a failing GetMembers is never left unobserved while they run.
  const membership = isAdministrator ? undefined : administration.members[region]?.load(target.account.id);
  const client = target.aws.client(SecurityHubClient, { region });
  const readHub = async () => {
    try {
      await client.send(new DescribeHubCommand({}));
    } catch (error) {
      if (!isNotSubscribed(error)) throw error;
      return { hub: false, standards: [] };
    }
    return { hub: true, standards: await enabledStandards(target, client) };
  };
  const [member, { hub, standards }] = await Promise.all([membership, readHub()]);
  return {
    hub,
    memberStatus: member?.memberStatus,
    standards: standards.map((subscription) => ({
      id: standardIdOf(subscription.StandardsArn ?? '') ?? subscription.StandardsArn ?? '',
      status: subscription.StandardsStatus ?? '',
      reason: subscription.StandardsStatusReason?.StatusReasonCode,
    })),
  };
}

/** Reads, in every Region, whether Security Hub is on, the account's membership as the administrator sees it, its standards. */
export async function readSecurityHub(
  target: AccountTarget,
  administration: SecurityHubAdministration,
): Promise<SecurityHubCurrent> {
  const isAdministrator = target.account.id === administration.accountId;
  const regions = target.run.baseline.regions;
  const [association, states] = await Promise.all([
    administration.associations?.load(target.account.id),
    Promise.all(regions.map((region) => readRegion(target, administration, region, isAdministrator))),
  ]);
  return {
    isAdministrator,
    association,
    regions: Object.fromEntries(regions.map((region, index) => [region, states[index] as RegionHubState])),
  };
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, index) =>
    items.slice(index * size, (index + 1) * size),
  );
}

/** Membership and association go through the administrator account; Security Hub and standards through the account. */
export async function applySecurityHub(
  target: AccountTarget,
  changes: SecurityHubChange[],
  administration: SecurityHubAdministration,
): Promise<void> {
  const accountId = target.account.id;
  const admin = (region: string) =>
    clientsFor(target.run, administration.accountId).client(SecurityHubClient, { region });
  for (const change of changes) {
    if (change.action === 'associate') {
      const policyId = administration.policyId;
      await admin(administration.homeRegion).send(
        new StartConfigurationPolicyAssociationCommand({
          ConfigurationPolicyIdentifier: policyId,
          Target: { AccountId: accountId },
        }),
      );
      continue;
    }
    const own = target.aws.client(SecurityHubClient, { region: change.region });
    if (change.action === 'create-member') {
      const result = await admin(change.region).send(
        new CreateMembersCommand({
          AccountDetails: [{ AccountId: accountId, Email: target.account.email || undefined }],
        }),
      );
      const unprocessed = result.UnprocessedAccounts?.find((account) => account.AccountId === accountId);
      if (unprocessed)
        throw new AwsarchError(
          ERR.SECURITYHUB_UNPROCESSED,
          `Adding ${accountId} as a Security Hub member in ${change.region}: ${unprocessed.ProcessingResult ?? 'the administrator did not process the account'}`,
        );
    } else if (change.action === 'enable-hub') {
      await own
        .send(
          new EnableSecurityHubCommand({
            EnableDefaultStandards: false,
            ControlFindingGenerator: 'SECURITY_CONTROL',
          }),
        )
        .catch((error: unknown) => {
          if (!isAwsError(error, 'ResourceConflictException')) throw error;
        });
    } else if (change.action === 'enable-standards') {
      for (const batch of chunks(change.standards, 25))
        await own.send(
          new BatchEnableStandardsCommand({
            StandardsSubscriptionRequests: batch.map((id) => ({ StandardsArn: standardArn(id, change.region) })),
          }),
        );
    } else {
      // Subscriptions CreateMembers enabled a moment ago are found by reading them now.
      const arns = (await enabledStandards(target, own))
        .filter((subscription) => change.standards.includes(standardIdOf(subscription.StandardsArn ?? '') ?? ''))
        .map((subscription) => subscription.StandardsSubscriptionArn ?? '');
      for (const batch of chunks(arns, 25))
        await own.send(new BatchDisableStandardsCommand({ StandardsSubscriptionArns: batch }));
    }
  }
}

/** Step 4: Security Hub CSPM in every Region under the delegated administrator, with the baseline's standards. */
export const securityHubStep: BaselineStep<
  SecurityHubParams,
  SecurityHubAdministration,
  SecurityHubCurrent,
  SecurityHubDesired,
  SecurityHubChange
> = {
  name: 'securityhub',
  // Security Hub runs its controls as AWS Config rules: its standards are INCOMPLETE until Config records.
  after: ['config'],
  prepare: prepareSecurityHub,
  read: (target, _params, shared) => readSecurityHub(target, shared),
  desire: (target, params, shared) => ({
    mode: shared.mode,
    administrator: shared.label,
    regions: target.run.baseline.regions,
    standards: params.standards,
    policyName: shared.policyName,
    policyId: shared.policyId,
  }),
  plan: planSecurityHub,
  apply: (target, changes, _desired, shared) => applySecurityHub(target, changes, shared),
};
