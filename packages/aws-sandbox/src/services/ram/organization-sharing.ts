import type {
  EnableSharingWithAwsOrganizationCommandInput,
  EnableSharingWithAwsOrganizationCommandOutput,
} from '@aws-sdk/client-ram';
import type { OperationHandler, SdkOperationHandler } from '../../types.js';
import { enableServiceAccess, organizationOf } from '../organizations/service-access.js';
import { ramError } from './model.js';
import { RAM_SERVICE_PRINCIPAL } from './shares.js';

/**
 * ram:EnableSharingWithAwsOrganization: from the management account of an organization with all features, turns
 * on RAM's trusted access, after which shares with the organization, its OUs and its accounts need no invitation.
 */
const enableSharingWithAwsOrganization: SdkOperationHandler<
  EnableSharingWithAwsOrganizationCommandInput,
  EnableSharingWithAwsOrganizationCommandOutput
> = (_input, ctx) => {
  const organization = organizationOf(ctx.state, ctx.caller.accountId);
  if (!organization || organization.managementAccountId !== ctx.caller.accountId)
    throw ramError(
      'OperationNotPermittedException',
      'Sharing with AWS Organizations can be enabled only from the management account of an organization.',
    );
  if (organization.featureSet !== 'ALL')
    throw ramError(
      'OperationNotPermittedException',
      'Sharing with AWS Organizations needs an organization with all features enabled.',
    );
  enableServiceAccess(ctx.state, RAM_SERVICE_PRINCIPAL, ctx.now());
  return { returnValue: true };
};

export const organizationSharingOperations: Record<string, OperationHandler> = {
  EnableSharingWithAwsOrganization: enableSharingWithAwsOrganization,
};
