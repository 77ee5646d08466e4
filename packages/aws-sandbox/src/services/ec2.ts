import type { ServiceDefinition } from '../types.js';
import { tagOperations } from './ec2/tag-operations.js';
import { transitGatewayRouteOperations } from './ec2/transit-gateway-routes.js';
import { transitGatewayVpcAttachmentOperations } from './ec2/transit-gateway-vpc-attachments.js';
import { transitGatewayOperations } from './ec2/transit-gateways.js';
import { vpcOperations } from './ec2/vpcs.js';
import { vpnOperations } from './ec2/vpn.js';

/**
 * Amazon EC2 (ec2Query, API version 2016-11-15). Operations come from one module per area
 * (ec2/<area>.ts); add an area by spreading its operations here.
 */
export const ec2Service: ServiceDefinition = {
  name: 'ec2',
  signingName: 'ec2',
  iamPrefix: 'ec2',
  protocol: 'ec2Query',
  sdkClient: '@aws-sdk/client-ec2',
  xmlNamespace: 'http://ec2.amazonaws.com/doc/2016-11-15/',
  version: '2016-11-15',
  throttlingError: { code: 'RequestLimitExceeded', status: 503, message: 'Request limit exceeded.' },
  accessDeniedError: { code: 'UnauthorizedOperation', status: 403 },
  operations: {
    ...tagOperations,
    ...transitGatewayOperations,
    ...vpcOperations,
    ...transitGatewayVpcAttachmentOperations,
    ...transitGatewayRouteOperations,
    ...vpnOperations,
  },
};
