import type {
  ResourceShareAssociation,
  AssociateResourceShareCommandInput,
  AssociateResourceShareCommandOutput,
  CreateResourceShareCommandInput,
  CreateResourceShareCommandOutput,
  DeleteResourceShareCommandInput,
  DeleteResourceShareCommandOutput,
  DisassociateResourceShareCommandInput,
  DisassociateResourceShareCommandOutput,
  GetResourceShareAssociationsCommandInput,
  GetResourceShareAssociationsCommandOutput,
  GetResourceSharesCommandInput,
  GetResourceSharesCommandOutput,
} from '@aws-sdk/client-ram';
import type { HandlerContext, OperationHandler, OperationInput, SdkOperationHandler } from '../../types.js';
import { organizationOf, isServiceAccessEnabled } from '../organizations/service-access.js';
import { optionalText, ramPage, requiredText, resourceOwner, textList } from './inputs.js';
import {
  newInvitationArn,
  newShareArn,
  principalAssociationView,
  ramError,
  ramState,
  resourceAssociationView,
  shareView,
  unknownShare,
  type ResourceShareRecord,
} from './model.js';
import { shareableResource } from './shareable.js';
import { organizationPrincipalExists, principalKind, sharesReceivedBy } from './sharing.js';

/** RAM's trusted access in AWS Organizations (EnableSharingWithAwsOrganization turns it on). */
export const RAM_SERVICE_PRINCIPAL = 'ram.amazonaws.com';

const NOT_WITHIN_ORGANIZATION =
  'The resource you are attempting to share can only be shared within your AWS Organization. This error may also occur if you have not enabled sharing with your AWS organization, or that onboarding process is still in progress.';

function ownShare(ctx: HandlerContext, arn: string): ResourceShareRecord {
  const share = ramState(ctx.state).shares[arn];
  if (!share || share.owningAccountId !== ctx.caller.accountId || share.region !== ctx.region) throw unknownShare(arn);
  if (share.status === 'DELETED')
    throw ramError('OperationNotPermittedException', `ResourceShare ${arn} is in DELETED state.`);
  return share;
}

/** Adds resources: each must be a resource type RAM shares, in the caller's account and Region, and exist. */
function addResources(ctx: HandlerContext, share: ResourceShareRecord, arns: string[]): void {
  const now = ctx.now();
  for (const arn of arns) {
    if (!arn.startsWith('arn:')) throw ramError('MalformedArnException', `The specified ARN ${arn} is not valid.`);
    const resource = shareableResource(arn);
    if (!resource)
      throw ramError('InvalidParameterException', `The resource type of ${arn} cannot be shared with AWS RAM.`);
    if (
      resource.accountId !== ctx.caller.accountId ||
      resource.region !== ctx.region ||
      !resource.type.exists(ctx.state, resource)
    )
      throw ramError('UnknownResourceException', `Resource ${arn} could not be found.`);
    const existing = share.resources[arn];
    if (existing?.status === 'ASSOCIATED') continue;
    share.resources[arn] = { arn, type: resource.type.type, status: 'ASSOCIATED', createdAt: now, updatedAt: now };
  }
}

/**
 * Adds principals. With sharing enabled in AWS Organizations, the organization, its OUs and its accounts are
 * associated at once, without an invitation. Any other account is external: refused unless the share allows
 * external principals, and then invited (ASSOCIATING until it accepts).
 */
function addPrincipals(ctx: HandlerContext, share: ResourceShareRecord, principals: string[]): void {
  const now = ctx.now();
  const organization = organizationOf(ctx.state, ctx.caller.accountId);
  const orgSharing = organization !== undefined && isServiceAccessEnabled(ctx.state, RAM_SERVICE_PRINCIPAL);
  for (const principal of principals) {
    const kind = principalKind(principal);
    if (!kind)
      throw ramError(
        'InvalidParameterException',
        `Principal ID ${principal} is malformed. Verify the ID and try again.`,
      );
    if (principal === ctx.caller.accountId)
      throw ramError('InvalidParameterException', 'The resource share owner cannot be a principal of the share.');
    if (share.principals[principal]?.status === 'ASSOCIATED') continue;
    if (kind !== 'account') {
      if (!orgSharing || !organizationPrincipalExists(ctx.state, principal)) {
        const id = principal.split('/').slice(-1)[0];
        throw ramError('UnknownResourceException', `Organization ${id} could not be found.`);
      }
      share.principals[principal] = {
        id: principal,
        status: 'ASSOCIATED',
        external: false,
        createdAt: now,
        updatedAt: now,
      };
      continue;
    }
    const sameOrganization = organization !== undefined && organizationOf(ctx.state, principal)?.id === organization.id;
    if (orgSharing && sameOrganization) {
      share.principals[principal] = {
        id: principal,
        status: 'ASSOCIATED',
        external: false,
        createdAt: now,
        updatedAt: now,
      };
      continue;
    }
    if (!share.allowExternalPrincipals) throw ramError('OperationNotPermittedException', NOT_WITHIN_ORGANIZATION);
    share.principals[principal] = {
      id: principal,
      status: 'ASSOCIATING',
      external: true,
      createdAt: now,
      updatedAt: now,
    };
    const invitation = newInvitationArn(ctx.region, ctx.caller.accountId);
    share.invitations[invitation] = {
      arn: invitation,
      receiverAccountId: principal,
      status: 'PENDING',
      createdAt: now,
    };
  }
}

/** The share a clientToken already created or changed (RAM's idempotency), if any. */
function repeated(ctx: HandlerContext, token: string | undefined, request: string): ResourceShareRecord | undefined {
  if (token === undefined) return undefined;
  for (const share of Object.values(ramState(ctx.state).shares)) {
    if (share.owningAccountId !== ctx.caller.accountId) continue;
    const seen = share.clientTokens[token];
    if (seen === undefined) continue;
    if (seen !== request)
      throw ramError('IdempotentParameterMismatchException', `The client token ${token} was used for another request.`);
    return share;
  }
  return undefined;
}

const createResourceShare: SdkOperationHandler<CreateResourceShareCommandInput, CreateResourceShareCommandOutput> = (
  input,
  ctx,
) => {
  const name = requiredText(input, 'name');
  const clientToken = optionalText(input, 'clientToken');
  const request = JSON.stringify(['CreateResourceShare', input]);
  const earlier = repeated(ctx, clientToken, request);
  if (earlier) return { resourceShare: shareView(earlier), clientToken };
  const now = ctx.now();
  const tags = Array.isArray(input.tags) ? (input.tags as Array<{ key?: unknown; value?: unknown }>) : [];
  const share: ResourceShareRecord = {
    arn: newShareArn(ctx.region, ctx.caller.accountId),
    name,
    owningAccountId: ctx.caller.accountId,
    region: ctx.region,
    // RAM's default: a share may include principals outside the organization.
    allowExternalPrincipals: input.allowExternalPrincipals !== false,
    status: 'ACTIVE',
    tags: tags.map((tag) => ({ key: String(tag.key ?? ''), value: String(tag.value ?? '') })),
    createdAt: now,
    updatedAt: now,
    resources: {},
    principals: {},
    invitations: {},
    clientTokens: clientToken === undefined ? {} : { [clientToken]: request },
  };
  addResources(ctx, share, textList(input, 'resourceArns'));
  addPrincipals(ctx, share, textList(input, 'principals'));
  ramState(ctx.state).shares[share.arn] = share;
  return { resourceShare: shareView(share), clientToken };
};

const associateResourceShare: SdkOperationHandler<
  AssociateResourceShareCommandInput,
  AssociateResourceShareCommandOutput
> = (input, ctx) => {
  const share = ownShare(ctx, requiredText(input, 'resourceShareArn'));
  const resourceArns = textList(input, 'resourceArns');
  const principals = textList(input, 'principals');
  addResources(ctx, share, resourceArns);
  addPrincipals(ctx, share, principals);
  share.updatedAt = ctx.now();
  return {
    resourceShareAssociations: [
      ...resourceArns.map((arn) => resourceAssociationView(share, share.resources[arn]!)),
      ...principals.map((principal) => principalAssociationView(share, share.principals[principal]!)),
    ],
    clientToken: optionalText(input, 'clientToken'),
  };
};

const disassociateResourceShare: SdkOperationHandler<
  DisassociateResourceShareCommandInput,
  DisassociateResourceShareCommandOutput
> = (input, ctx) => {
  const share = ownShare(ctx, requiredText(input, 'resourceShareArn'));
  const now = ctx.now();
  const resourceArns = textList(input, 'resourceArns');
  const principals = textList(input, 'principals');
  for (const arn of resourceArns) {
    const resource = share.resources[arn];
    if (!resource) throw ramError('UnknownResourceException', `Resource ${arn} is not associated with ${share.arn}.`);
    Object.assign(resource, { status: 'DISASSOCIATED', updatedAt: now });
  }
  for (const id of principals) {
    const principal = share.principals[id];
    if (!principal) throw ramError('UnknownResourceException', `Principal ${id} is not associated with ${share.arn}.`);
    Object.assign(principal, { status: 'DISASSOCIATED', updatedAt: now });
  }
  share.updatedAt = now;
  return {
    resourceShareAssociations: [
      ...resourceArns.map((arn) => resourceAssociationView(share, share.resources[arn]!)),
      ...principals.map((principal) => principalAssociationView(share, share.principals[principal]!)),
    ],
    clientToken: optionalText(input, 'clientToken'),
  };
};

const deleteResourceShare: SdkOperationHandler<DeleteResourceShareCommandInput, DeleteResourceShareCommandOutput> = (
  input,
  ctx,
) => {
  const share = ownShare(ctx, requiredText(input, 'resourceShareArn'));
  const now = ctx.now();
  // A deleted share's resources and principals are disassociated: no one reaches the resources through it.
  for (const entry of [...Object.values(share.resources), ...Object.values(share.principals)])
    Object.assign(entry, { status: 'DISASSOCIATED', updatedAt: now });
  share.status = 'DELETED';
  share.updatedAt = now;
  return { returnValue: true, clientToken: optionalText(input, 'clientToken') };
};

/** SELF: the caller's shares in this Region; OTHER-ACCOUNTS: shares whose principals include the caller. */
function sharesFor(ctx: HandlerContext, input: OperationInput): ResourceShareRecord[] {
  const owner = resourceOwner(input);
  const mine = (share: ResourceShareRecord) => share.owningAccountId === ctx.caller.accountId;
  const all =
    owner === 'SELF'
      ? Object.values(ramState(ctx.state).shares).filter(mine)
      : sharesReceivedBy(ctx.state, ctx.caller.accountId);
  return all.filter((share) => share.region === ctx.region);
}

const getResourceShares: SdkOperationHandler<GetResourceSharesCommandInput, GetResourceSharesCommandOutput> = (
  input,
  ctx,
) => {
  const arns = textList(input, 'resourceShareArns');
  const status = optionalText(input, 'resourceShareStatus');
  const name = optionalText(input, 'name');
  const shares = sharesFor(ctx, input).filter(
    (share) =>
      (arns.length === 0 || arns.includes(share.arn)) &&
      (status === undefined ? share.status !== 'DELETED' : share.status === status) &&
      (name === undefined || share.name === name),
  );
  const page = ramPage(input, shares, (share) => share.arn, 'GetResourceShares');
  return { resourceShares: page.items.map(shareView), nextToken: page.nextToken };
};

/** The associations of the caller's own shares (RAM shows them to the owner only). */
const getResourceShareAssociations: SdkOperationHandler<
  GetResourceShareAssociationsCommandInput,
  GetResourceShareAssociationsCommandOutput
> = (input, ctx) => {
  const type = requiredText(input, 'associationType');
  if (type !== 'PRINCIPAL' && type !== 'RESOURCE')
    throw ramError('InvalidParameterException', `associationType ${type} is not valid: use PRINCIPAL or RESOURCE.`);
  const arns = textList(input, 'resourceShareArns');
  const resourceArn = optionalText(input, 'resourceArn');
  const principalFilter = optionalText(input, 'principal');
  if (type === 'PRINCIPAL' && resourceArn !== undefined)
    throw ramError('InvalidParameterException', 'resourceArn can be given only for associationType RESOURCE.');
  if (type === 'RESOURCE' && principalFilter !== undefined)
    throw ramError('InvalidParameterException', 'principal can be given only for associationType PRINCIPAL.');
  const status = optionalText(input, 'associationStatus');
  const shares = Object.values(ramState(ctx.state).shares).filter(
    (share) =>
      share.owningAccountId === ctx.caller.accountId &&
      share.region === ctx.region &&
      (arns.length === 0 || arns.includes(share.arn)),
  );
  const associations = shares.flatMap((share): ResourceShareAssociation[] =>
    type === 'PRINCIPAL'
      ? Object.values(share.principals)
          .filter((principal) => principalFilter === undefined || principal.id === principalFilter)
          .map((principal) => principalAssociationView(share, principal))
      : Object.values(share.resources)
          .filter((resource) => resourceArn === undefined || resource.arn === resourceArn)
          .map((resource) => resourceAssociationView(share, resource)),
  );
  const matching = associations.filter((association) => status === undefined || association.status === status);
  const page = ramPage(
    input,
    matching,
    (association) => `${association.resourceShareArn} ${association.associatedEntity}`,
    'GetResourceShareAssociations',
  );
  return { resourceShareAssociations: page.items, nextToken: page.nextToken };
};

export const shareOperations: Record<string, OperationHandler> = {
  CreateResourceShare: createResourceShare,
  AssociateResourceShare: associateResourceShare,
  DisassociateResourceShare: disassociateResourceShare,
  DeleteResourceShare: deleteResourceShare,
  GetResourceShares: getResourceShares,
  GetResourceShareAssociations: getResourceShareAssociations,
};
