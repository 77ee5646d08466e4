import { SandboxServiceError } from '../../errors.js';
import type { HandlerContext, OperationHandler } from '../../types.js';
import { stringList } from './filters.js';
import { allRegionStates, regionState, type Tag } from './model.js';
import { mergeTags } from './tags.js';

/** Finds the tag list of any tagged resource the caller owns (or, for attachments, can see), by id. */
function taggedResource(ctx: HandlerContext, resourceId: string): { tags: Tag[] } | undefined {
  const own = regionState(ctx);
  for (const collection of Object.values(own)) {
    const resource = (collection as Record<string, { tags?: Tag[] }>)[resourceId];
    if (resource?.tags) return resource as { tags: Tag[] };
  }
  for (const { regionState: region } of allRegionStates(ctx)) {
    const attachment = region.transitGatewayAttachments[resourceId];
    if (
      attachment &&
      (attachment.resourceOwnerId === ctx.caller.accountId || attachment.transitGatewayOwnerId === ctx.caller.accountId)
    )
      return attachment;
  }
  return undefined;
}

function tagsFromInput(input: Record<string, unknown>): Tag[] {
  return ((input.Tag as Array<{ Key?: string; Value?: string }> | undefined) ?? []).map((tag) => ({
    key: String(tag.Key ?? ''),
    value: String(tag.Value ?? ''),
  }));
}

function notFound(resourceId: string): SandboxServiceError {
  const prefix = resourceId.split('-').slice(0, -1).join('-');
  const kind: Record<string, string> = {
    vpc: 'InvalidVpcID.NotFound',
    subnet: 'InvalidSubnetID.NotFound',
    tgw: 'InvalidTransitGatewayID.NotFound',
    'tgw-attach': 'InvalidTransitGatewayAttachmentID.NotFound',
    'tgw-rtb': 'InvalidRouteTableID.NotFound',
    vpn: 'InvalidVpnConnectionID.NotFound',
  };
  return new SandboxServiceError(kind[prefix] ?? 'InvalidID', `The ID '${resourceId}' is not valid or does not exist`);
}

const createTags: OperationHandler = (input, ctx) => {
  const added = tagsFromInput(input);
  for (const resourceId of stringList(input, 'ResourceId')) {
    const resource = taggedResource(ctx, resourceId);
    if (!resource) throw notFound(resourceId);
    mergeTags(resource.tags, added);
  }
  return { return: true };
};

const deleteTags: OperationHandler = (input, ctx) => {
  const removed = tagsFromInput(input);
  for (const resourceId of stringList(input, 'ResourceId')) {
    const resource = taggedResource(ctx, resourceId);
    if (!resource) throw notFound(resourceId);
    resource.tags.splice(
      0,
      resource.tags.length,
      ...resource.tags.filter(
        (tag) =>
          !removed.some(
            (gone) =>
              gone.key === tag.key && (gone.value === '' || input.Tag === undefined || gone.value === tag.value),
          ),
      ),
    );
  }
  return { return: true };
};

/** CreateTags and DeleteTags for every EC2 resource kind the sandbox stores. */
export const tagOperations: Record<string, OperationHandler> = {
  CreateTags: createTags,
  DeleteTags: deleteTags,
};
