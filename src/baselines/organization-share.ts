import { ListAWSServiceAccessForOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import {
  AssociateResourceShareCommand,
  CreateResourceShareCommand,
  EnableSharingWithAwsOrganizationCommand,
  GetResourceShareAssociationsCommand,
  RAMClient,
} from '@aws-sdk/client-ram';
import { clientsFor, memoized, type BaselineRun } from './run-context.js';

/** RAM's trusted access in AWS Organizations: on once EnableSharingWithAwsOrganization has run. */
const RAM_SERVICE_PRINCIPAL = 'ram.amazonaws.com';

/** A resource of one account that every account of the organization must be able to use (through AWS RAM). */
export interface OrganizationShareRequest {
  ownerId: string;
  ownerLabel: string;
  region: string;
  resourceArn: string;
  /** What the resource is, for messages: "transit gateway tgw-…". */
  resourceLabel: string;
  /** The name of a share awsarch creates. */
  shareName: string;
}

/** What AWS says of the sharing of one resource. */
export interface OrganizationShareState {
  /** RAM sharing with AWS Organizations is enabled (the management account's switch). */
  sharingEnabled: boolean;
  /** Active shares of the owner that hold the resource (ASSOCIATED). */
  shareArns: string[];
  /** Whether one of those shares has the organization as an ASSOCIATED principal, and which share to repair. */
  organizationPrincipal: boolean;
}

export type OrganizationShareChange =
  | { action: 'enable-sharing'; description: string }
  | { action: 'create-share'; description: string }
  | { action: 'associate-organization'; shareArn: string; description: string };

/** Pure: the changes that make the resource shared with the organization, and what differs now. */
export function planOrganizationShare(
  request: OrganizationShareRequest,
  state: OrganizationShareState,
): { differences: string[]; changes: OrganizationShareChange[] } {
  const differences: string[] = [];
  const changes: OrganizationShareChange[] = [];
  if (!state.sharingEnabled) {
    differences.push('AWS RAM sharing with the organization is not enabled');
    changes.push({ action: 'enable-sharing', description: 'enable AWS RAM sharing with AWS Organizations' });
  }
  if (state.shareArns.length === 0) {
    differences.push(`${request.resourceLabel} is not shared through AWS RAM`);
    changes.push({
      action: 'create-share',
      description: `share ${request.resourceLabel} of ${request.ownerLabel} with the organization (AWS RAM share ${request.shareName})`,
    });
  } else if (!state.organizationPrincipal) {
    differences.push(`the AWS RAM share of ${request.resourceLabel} does not include the organization`);
    changes.push({
      action: 'associate-organization',
      shareArn: state.shareArns[0] as string,
      description: `add the organization to the AWS RAM share of ${request.resourceLabel}`,
    });
  }
  return { differences, changes };
}

/** Whether RAM's trusted access is on, asked once per session from the management account. */
function sharingEnabled(run: BaselineRun): Promise<boolean> {
  return memoized(run.session, 'ram-organization-sharing', async () => {
    const organizations = run.ctx.aws.client(OrganizationsClient, { region: run.baseline.homeRegion });
    let token: string | undefined;
    do {
      const page = await organizations.send(new ListAWSServiceAccessForOrganizationCommand({ NextToken: token }));
      if ((page.EnabledServicePrincipals ?? []).some((entry) => entry.ServicePrincipal === RAM_SERVICE_PRINCIPAL))
        return true;
      token = page.NextToken;
    } while (token);
    return false;
  });
}

export function organizationArn(run: BaselineRun): string {
  const { id, managementAccountId } = run.snapshot.organization;
  return `arn:aws:organizations::${managementAccountId}:organization/${id}`;
}

/** Reads how the resource is shared: the owner's share associations for it, and their principals. */
export async function readOrganizationShare(
  run: BaselineRun,
  request: OrganizationShareRequest,
): Promise<OrganizationShareState> {
  const ram = clientsFor(run, request.ownerId).client(RAMClient, { region: request.region });
  const shareArns: string[] = [];
  let token: string | undefined;
  do {
    const page = await ram.send(
      new GetResourceShareAssociationsCommand({
        associationType: 'RESOURCE',
        resourceArn: request.resourceArn,
        associationStatus: 'ASSOCIATED',
        nextToken: token,
      }),
    );
    shareArns.push(...(page.resourceShareAssociations ?? []).map((association) => association.resourceShareArn ?? ''));
    token = page.nextToken;
  } while (token);
  let organizationPrincipal = false;
  if (shareArns.length > 0) {
    const { resourceShareAssociations = [] } = await ram.send(
      new GetResourceShareAssociationsCommand({
        associationType: 'PRINCIPAL',
        resourceShareArns: shareArns,
        principal: organizationArn(run),
      }),
    );
    organizationPrincipal = resourceShareAssociations.some((association) => association.status === 'ASSOCIATED');
  }
  return { sharingEnabled: await sharingEnabled(run), shareArns, organizationPrincipal };
}

/** Makes the planned changes: the switch from the management account, the share from the owner. */
export async function applyOrganizationShare(
  run: BaselineRun,
  request: OrganizationShareRequest,
  changes: OrganizationShareChange[],
): Promise<void> {
  const ram = clientsFor(run, request.ownerId).client(RAMClient, { region: request.region });
  for (const change of changes) {
    if (change.action === 'enable-sharing') {
      const management = run.ctx.aws.client(RAMClient, { region: request.region });
      await management.send(new EnableSharingWithAwsOrganizationCommand({}));
      run.session.memo.set('ram-organization-sharing', Promise.resolve(true));
    } else if (change.action === 'create-share') {
      await ram.send(
        new CreateResourceShareCommand({
          name: request.shareName,
          resourceArns: [request.resourceArn],
          principals: [organizationArn(run)],
          allowExternalPrincipals: false,
          tags: [{ key: 'awsarch:baseline', value: run.baseline.name }],
        }),
      );
    } else {
      await ram.send(
        new AssociateResourceShareCommand({ resourceShareArn: change.shareArn, principals: [organizationArn(run)] }),
      );
    }
  }
}

/**
 * The organization-level sharing of one resource, as a baseline's prepare does it: status reports what is
 * missing, a dry run what it would change, apply changes it. Returns the change descriptions and differences.
 */
export async function ensureOrganizationShare(
  run: BaselineRun,
  request: OrganizationShareRequest,
): Promise<{ state: 'ok' | 'missing' | 'drift'; differences: string[]; changes: string[] }> {
  const current = await readOrganizationShare(run, request);
  const plan = planOrganizationShare(request, current);
  if (plan.changes.length === 0) return { state: 'ok', differences: [], changes: [] };
  if (run.mode === 'apply') await applyOrganizationShare(run, request, plan.changes);
  return {
    state: current.shareArns.length === 0 ? 'missing' : 'drift',
    differences: plan.differences,
    changes: plan.changes.map((change) => change.description),
  };
}
