import { SandboxServiceError } from '../../errors.js';
import { regionState } from '../ec2/model.js';
import type {
  AssociateResolverRuleCommandInput,
  AssociateResolverRuleCommandOutput,
  DisassociateResolverRuleCommandInput,
  DisassociateResolverRuleCommandOutput,
  GetResolverRuleAssociationCommandInput,
  GetResolverRuleAssociationCommandOutput,
  ResolverRuleAssociation as ResolverRuleAssociationWire,
} from '@aws-sdk/client-route53resolver';
import type { HandlerContext, OperationHandler, SdkOperationHandler } from '../../types.js';
import { callerResolver, invalidParameter, newResolverId, type ResolverRuleAssociation } from './model.js';
import { visibleRule } from './rule-visibility.js';

function associationWire(association: ResolverRuleAssociation): ResolverRuleAssociationWire {
  return {
    Id: association.id,
    ResolverRuleId: association.resolverRuleId,
    Name: association.name || undefined,
    VPCId: association.vpcId,
    Status: association.status,
    StatusMessage: association.statusMessage,
  };
}

function ownAssociation(ctx: HandlerContext, id: unknown): ResolverRuleAssociation {
  const associationId = typeof id === 'string' ? id : '';
  const association = callerResolver(ctx).associations[associationId];
  if (!association)
    throw new SandboxServiceError(
      'ResourceNotFoundException',
      `Resolver rule association with ID ${associationId} does not exist.`,
      { extra: { ResourceType: 'ResolverRuleAssociation' } },
    );
  return association;
}

/**
 * route53resolver:AssociateResolverRule: a rule of the caller's or one shared with it through AWS RAM, on a VPC of
 * the caller's in the request's Region; one association per rule and VPC, and one rule per domain name and VPC.
 */
const associateResolverRule: SdkOperationHandler<
  AssociateResolverRuleCommandInput,
  AssociateResolverRuleCommandOutput
> = (input, ctx) => {
  const { rule } = visibleRule(ctx, input.ResolverRuleId);
  const vpcId = typeof input.VPCId === 'string' ? input.VPCId : '';
  if (!regionState(ctx).vpcs[vpcId])
    throw new SandboxServiceError('ResourceNotFoundException', `VPC ${vpcId} does not exist.`, {
      extra: { ResourceType: 'VPC' },
    });
  const resolver = callerResolver(ctx);
  const active = Object.values(resolver.associations).filter(
    (association) => association.vpcId === vpcId && association.status !== 'DELETING',
  );
  if (active.some((association) => association.resolverRuleId === rule.id))
    throw new SandboxServiceError(
      'ResourceExistsException',
      `The resolver rule ${rule.id} is already associated with VPC ${vpcId}.`,
      { extra: { ResourceType: 'ResolverRuleAssociation' } },
    );
  const name = typeof input.Name === 'string' ? input.Name : '';
  if (name.length > 64) throw invalidParameter('Name must be at most 64 characters.', 'Name');
  const association: ResolverRuleAssociation = {
    id: newResolverId('rslvr-rrassoc', (id) => id in resolver.associations),
    resolverRuleId: rule.id,
    name,
    vpcId,
    status: 'COMPLETE',
    statusMessage: '',
  };
  resolver.associations[association.id] = association;
  return { ResolverRuleAssociation: associationWire(association) };
};

const getResolverRuleAssociation: SdkOperationHandler<
  GetResolverRuleAssociationCommandInput,
  GetResolverRuleAssociationCommandOutput
> = (input, ctx) => ({
  ResolverRuleAssociation: associationWire(ownAssociation(ctx, input.ResolverRuleAssociationId)),
});

const disassociateResolverRule: SdkOperationHandler<
  DisassociateResolverRuleCommandInput,
  DisassociateResolverRuleCommandOutput
> = (input, ctx) => {
  const vpcId = typeof input.VPCId === 'string' ? input.VPCId : '';
  const ruleId = typeof input.ResolverRuleId === 'string' ? input.ResolverRuleId : '';
  const resolver = callerResolver(ctx);
  const association = Object.values(resolver.associations).find(
    (candidate) => candidate.vpcId === vpcId && candidate.resolverRuleId === ruleId,
  );
  if (!association)
    throw new SandboxServiceError(
      'ResourceNotFoundException',
      `Resolver rule ${ruleId} is not associated with VPC ${vpcId}.`,
      { extra: { ResourceType: 'ResolverRuleAssociation' } },
    );
  delete resolver.associations[association.id];
  return { ResolverRuleAssociation: associationWire({ ...association, status: 'DELETING' }) };
};

export const ruleAssociationOperations: Record<string, OperationHandler> = {
  AssociateResolverRule: associateResolverRule,
  GetResolverRuleAssociation: getResolverRuleAssociation,
  DisassociateResolverRule: disassociateResolverRule,
};
