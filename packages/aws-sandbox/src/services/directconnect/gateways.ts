import type { OperationHandler } from '../../types.js';
import { visibleVirtualInterfaces } from './connections.js';
import {
  callerDirectConnect,
  clientException,
  directConnectPage,
  directConnectState,
  optionalString,
  type DxGateway,
  type DxGatewayAssociation,
} from './model.js';

function gatewayWire(gateway: DxGateway) {
  return {
    directConnectGatewayId: gateway.directConnectGatewayId,
    directConnectGatewayName: gateway.directConnectGatewayName,
    amazonSideAsn: gateway.amazonSideAsn,
    ownerAccount: gateway.ownerAccount,
    directConnectGatewayState: gateway.directConnectGatewayState,
  };
}

function associationWire(association: DxGatewayAssociation) {
  return {
    directConnectGatewayId: association.directConnectGatewayId,
    directConnectGatewayOwnerAccount: association.directConnectGatewayOwnerAccount,
    associationState: association.associationState,
    associatedGateway: association.associatedGateway,
    associationId: association.associationId,
    allowedPrefixesToDirectConnectGateway: association.allowedPrefixesToDirectConnectGateway.map((cidr) => ({ cidr })),
  };
}

const describeDirectConnectGateways: OperationHandler = (input, ctx) => {
  const gatewayId = optionalString(input, 'directConnectGatewayId');
  const all = Object.values(callerDirectConnect(ctx).gateways).filter(
    (gateway) => gateway.directConnectGatewayState !== 'deleted',
  );
  if (gatewayId !== undefined && !all.some((gateway) => gateway.directConnectGatewayId === gatewayId)) {
    throw clientException(`Direct Connect gateway ${gatewayId} does not exist.`);
  }
  const matching = all.filter((gateway) => gatewayId === undefined || gateway.directConnectGatewayId === gatewayId);
  const page = directConnectPage(
    input,
    matching,
    (gateway) => gateway.directConnectGatewayId,
    'DescribeDirectConnectGateways',
    100,
  );
  return { directConnectGateways: page.items.map(gatewayWire), nextToken: page.nextToken };
};

/** AWS requires a Direct Connect gateway, an associated gateway, a virtual private gateway or an association id. */
const describeDirectConnectGatewayAssociations: OperationHandler = (input, ctx) => {
  const associationId = optionalString(input, 'associationId');
  const gatewayId = optionalString(input, 'directConnectGatewayId');
  const associatedGatewayId = optionalString(input, 'associatedGatewayId') ?? optionalString(input, 'virtualGatewayId');
  if (associationId === undefined && gatewayId === undefined && associatedGatewayId === undefined) {
    throw clientException(
      'Either directConnectGatewayId, associatedGatewayId, virtualGatewayId or associationId must be specified.',
    );
  }
  // Associations are visible to the gateway's owner and to the owner of the associated gateway.
  const caller = ctx.caller.accountId;
  const all = Object.values(directConnectState(ctx.state).accounts)
    .flatMap((account) => Object.values(account.associations))
    .filter(
      (association) =>
        association.directConnectGatewayOwnerAccount === caller ||
        association.associatedGateway.ownerAccount === caller,
    )
    .filter((association) => association.associationState !== 'disassociated');
  const matching = all.filter(
    (association) =>
      (associationId === undefined || association.associationId === associationId) &&
      (gatewayId === undefined || association.directConnectGatewayId === gatewayId) &&
      (associatedGatewayId === undefined || association.associatedGateway.id === associatedGatewayId),
  );
  const page = directConnectPage(
    input,
    matching,
    (association) => association.associationId,
    'DescribeDirectConnectGatewayAssociations',
    100,
  );
  return { directConnectGatewayAssociations: page.items.map(associationWire), nextToken: page.nextToken };
};

const describeDirectConnectGatewayAttachments: OperationHandler = (input, ctx) => {
  const gatewayId = optionalString(input, 'directConnectGatewayId');
  const virtualInterfaceId = optionalString(input, 'virtualInterfaceId');
  if (gatewayId === undefined && virtualInterfaceId === undefined) {
    throw clientException('Either directConnectGatewayId or virtualInterfaceId must be specified.');
  }
  const matching = visibleVirtualInterfaces(ctx).filter(
    (vif) =>
      vif.directConnectGatewayId !== undefined &&
      (gatewayId === undefined || vif.directConnectGatewayId === gatewayId) &&
      (virtualInterfaceId === undefined || vif.virtualInterfaceId === virtualInterfaceId),
  );
  const page = directConnectPage(
    input,
    matching,
    (vif) => vif.virtualInterfaceId,
    'DescribeDirectConnectGatewayAttachments',
    100,
  );
  return {
    directConnectGatewayAttachments: page.items.map((vif) => ({
      directConnectGatewayId: vif.directConnectGatewayId,
      virtualInterfaceId: vif.virtualInterfaceId,
      virtualInterfaceRegion: vif.region,
      virtualInterfaceOwnerAccount: vif.ownerAccount,
      attachmentState: 'attached',
      attachmentType: vif.virtualInterfaceType === 'transit' ? 'TransitVirtualInterface' : 'PrivateVirtualInterface',
    })),
    nextToken: page.nextToken,
  };
};

/** Direct Connect gateways, their associations with transit gateways, and their virtual interface attachments. */
export const gatewayOperations: Record<string, OperationHandler> = {
  DescribeDirectConnectGateways: describeDirectConnectGateways,
  DescribeDirectConnectGatewayAssociations: describeDirectConnectGatewayAssociations,
  DescribeDirectConnectGatewayAttachments: describeDirectConnectGatewayAttachments,
};
