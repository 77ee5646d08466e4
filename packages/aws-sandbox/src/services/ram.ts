import type { ServiceDefinition } from '../types.js';
import { listingOperations } from './ram/listing.js';
import { organizationSharingOperations } from './ram/organization-sharing.js';
import { shareOperations } from './ram/shares.js';

const post = (operation: string) => ({ method: 'POST', path: `/${operation.toLowerCase()}`, operation });

/**
 * AWS Resource Access Manager (restJson1, every operation a POST to /operationname but DeleteResourceShare):
 * shares of transit gateways and Route 53 Resolver rules with accounts, the organization or OUs.
 */
export const ramService: ServiceDefinition = {
  name: 'ram',
  signingName: 'ram',
  iamPrefix: 'ram',
  protocol: 'restJson1',
  sdkClient: '@aws-sdk/client-ram',
  throttlingError: { code: 'ThrottlingException', status: 429, message: 'Rate exceeded.' },
  accessDeniedError: { code: 'AccessDeniedException', status: 403 },
  routes: [
    ...[
      'EnableSharingWithAwsOrganization',
      'CreateResourceShare',
      'AssociateResourceShare',
      'DisassociateResourceShare',
      'GetResourceShares',
      'GetResourceShareAssociations',
      'ListResources',
      'ListPrincipals',
      'GetResourceShareInvitations',
      'AcceptResourceShareInvitation',
    ].map(post),
    { method: 'DELETE', path: '/deleteresourceshare', operation: 'DeleteResourceShare' },
  ],
  operations: { ...organizationSharingOperations, ...shareOperations, ...listingOperations },
};
