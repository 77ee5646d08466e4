import type {
  AcceptResourceShareInvitationCommandInput,
  AcceptResourceShareInvitationCommandOutput,
  GetResourceShareInvitationsCommandInput,
  GetResourceShareInvitationsCommandOutput,
  ListPrincipalsCommandInput,
  ListPrincipalsCommandOutput,
  ListResourcesCommandInput,
  ListResourcesCommandOutput,
  ResourceShareInvitation,
} from '@aws-sdk/client-ram';
import type { HandlerContext, OperationHandler, OperationInput, SdkOperationHandler } from '../../types.js';
import { optionalText, ramPage, requiredText, resourceOwner, textList } from './inputs.js';
import { ramError, ramState, type ResourceShareRecord, type ShareInvitation } from './model.js';
import { sharesReceivedBy } from './sharing.js';

function sharesOf(ctx: HandlerContext, input: OperationInput): ResourceShareRecord[] {
  const owner = resourceOwner(input);
  const arns = textList(input, 'resourceShareArns');
  const shares =
    owner === 'SELF'
      ? Object.values(ramState(ctx.state).shares).filter((share) => share.owningAccountId === ctx.caller.accountId)
      : sharesReceivedBy(ctx.state, ctx.caller.accountId);
  return shares.filter(
    (share) =>
      share.status === 'ACTIVE' && share.region === ctx.region && (arns.length === 0 || arns.includes(share.arn)),
  );
}

/** Resources the caller shares (SELF) or that are shared with it (OTHER-ACCOUNTS). */
const listResources: SdkOperationHandler<ListResourcesCommandInput, ListResourcesCommandOutput> = (input, ctx) => {
  const type = optionalText(input, 'resourceType');
  if (type !== undefined && !/^[a-z0-9-]+:[A-Za-z]+$/.test(type))
    throw ramError('InvalidResourceTypeException', `The resource type ${type} is not valid.`);
  const arns = textList(input, 'resourceArns');
  const principal = optionalText(input, 'principal');
  const resources = sharesOf(ctx, input)
    .filter((share) => principal === undefined || share.principals[principal]?.status === 'ASSOCIATED')
    .flatMap((share) =>
      Object.values(share.resources)
        .filter((resource) => resource.status === 'ASSOCIATED')
        .filter(
          (resource) =>
            (type === undefined || resource.type.toLowerCase() === type.toLowerCase()) &&
            (arns.length === 0 || arns.includes(resource.arn)),
        )
        .map((resource) => ({
          arn: resource.arn,
          type: resource.type,
          resourceShareArn: share.arn,
          status: 'AVAILABLE' as const,
          creationTime: new Date(resource.createdAt),
          lastUpdatedTime: new Date(resource.updatedAt),
          resourceRegionScope: 'REGIONAL' as const,
        })),
    );
  const page = ramPage(input, resources, (resource) => `${resource.resourceShareArn} ${resource.arn}`, 'ListResources');
  return { resources: page.items, nextToken: page.nextToken };
};

/** The principals of the caller's shares (SELF), or the accounts sharing with it (OTHER-ACCOUNTS). */
const listPrincipals: SdkOperationHandler<ListPrincipalsCommandInput, ListPrincipalsCommandOutput> = (input, ctx) => {
  const owner = resourceOwner(input);
  const resourceArn = optionalText(input, 'resourceArn');
  const wanted = textList(input, 'principals');
  const principals = sharesOf(ctx, input)
    .filter((share) => resourceArn === undefined || share.resources[resourceArn]?.status === 'ASSOCIATED')
    .flatMap((share) =>
      owner === 'SELF'
        ? Object.values(share.principals)
            .filter((principal) => principal.status === 'ASSOCIATED')
            .map((principal) => ({
              id: principal.id,
              resourceShareArn: share.arn,
              creationTime: new Date(principal.createdAt),
              lastUpdatedTime: new Date(principal.updatedAt),
              external: principal.external,
            }))
        : [
            {
              id: share.owningAccountId,
              resourceShareArn: share.arn,
              creationTime: new Date(share.createdAt),
              lastUpdatedTime: new Date(share.updatedAt),
              external: Object.values(share.principals).some((principal) => principal.external),
            },
          ],
    )
    .filter((principal) => wanted.length === 0 || wanted.includes(principal.id));
  const page = ramPage(
    input,
    principals,
    (principal) => `${principal.resourceShareArn} ${principal.id}`,
    'ListPrincipals',
  );
  return { principals: page.items, nextToken: page.nextToken };
};

function invitationView(share: ResourceShareRecord, invitation: ShareInvitation): ResourceShareInvitation {
  return {
    resourceShareInvitationArn: invitation.arn,
    resourceShareName: share.name,
    resourceShareArn: share.arn,
    senderAccountId: share.owningAccountId,
    receiverAccountId: invitation.receiverAccountId,
    invitationTimestamp: new Date(invitation.createdAt),
    status: invitation.status,
  };
}

function invitationsOf(ctx: HandlerContext): Array<{ share: ResourceShareRecord; invitation: ShareInvitation }> {
  return Object.values(ramState(ctx.state).shares).flatMap((share) =>
    Object.values(share.invitations)
      .filter((invitation) => invitation.receiverAccountId === ctx.caller.accountId && share.region === ctx.region)
      .map((invitation) => ({ share, invitation })),
  );
}

const getResourceShareInvitations: SdkOperationHandler<
  GetResourceShareInvitationsCommandInput,
  GetResourceShareInvitationsCommandOutput
> = (input, ctx) => {
  const arns = textList(input, 'resourceShareInvitationArns');
  const shareArns = textList(input, 'resourceShareArns');
  const found = invitationsOf(ctx).filter(
    ({ share, invitation }) =>
      (arns.length === 0 || arns.includes(invitation.arn)) && (shareArns.length === 0 || shareArns.includes(share.arn)),
  );
  const page = ramPage(input, found, ({ invitation }) => invitation.arn, 'GetResourceShareInvitations');
  return {
    resourceShareInvitations: page.items.map(({ share, invitation }) => invitationView(share, invitation)),
    nextToken: page.nextToken,
  };
};

const acceptResourceShareInvitation: SdkOperationHandler<
  AcceptResourceShareInvitationCommandInput,
  AcceptResourceShareInvitationCommandOutput
> = (input, ctx) => {
  const arn = requiredText(input, 'resourceShareInvitationArn');
  const found = invitationsOf(ctx).find(({ invitation }) => invitation.arn === arn);
  if (!found)
    throw ramError('ResourceShareInvitationArnNotFoundException', `ResourceShareInvitation ${arn} could not be found.`);
  const { share, invitation } = found;
  if (invitation.status === 'ACCEPTED')
    throw ramError(
      'ResourceShareInvitationAlreadyAcceptedException',
      `ResourceShareInvitation ${arn} is already accepted.`,
    );
  if (invitation.status === 'REJECTED')
    throw ramError(
      'ResourceShareInvitationAlreadyRejectedException',
      `ResourceShareInvitation ${arn} is already rejected.`,
    );
  invitation.status = 'ACCEPTED';
  const principal = share.principals[invitation.receiverAccountId];
  if (principal) Object.assign(principal, { status: 'ASSOCIATED', updatedAt: ctx.now() });
  return {
    resourceShareInvitation: invitationView(share, invitation),
    clientToken: optionalText(input, 'clientToken'),
  };
};

export const listingOperations: Record<string, OperationHandler> = {
  ListResources: listResources,
  ListPrincipals: listPrincipals,
  GetResourceShareInvitations: getResourceShareInvitations,
  AcceptResourceShareInvitation: acceptResourceShareInvitation,
};
