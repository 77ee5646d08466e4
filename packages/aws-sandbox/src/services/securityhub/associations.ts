import type { SandboxState } from '../../state.js';
import type { HandlerContext, OperationHandler } from '../../types.js';
import { organizationsState } from '../organizations/model.js';
import { effectiveAssociation, reconcileOrganization, SELF_MANAGED } from './central-configuration.js';
import { policyByIdentifier, requireCentralAdministrator } from './configuration-policies.js';
import { isoTime, maxResultsOf, securityHubError, securityHubState, type AssociationRecord } from './model.js';

type TargetType = AssociationRecord['targetType'];

/** A Target structure: exactly one of AccountId, OrganizationalUnitId and RootId, naming something of the organization. */
function targetOf(state: SandboxState, value: unknown): { id: string; type: TargetType } {
  const target = (value ?? {}) as { AccountId?: unknown; OrganizationalUnitId?: unknown; RootId?: unknown };
  const given = [
    ['ACCOUNT', target.AccountId],
    ['ORGANIZATIONAL_UNIT', target.OrganizationalUnitId],
    ['ROOT', target.RootId],
  ].filter(([, id]) => typeof id === 'string' && id !== '') as Array<[TargetType, string]>;
  if (given.length !== 1)
    throw securityHubError(
      'InvalidInputException',
      'Target needs exactly one of AccountId, OrganizationalUnitId and RootId.',
    );
  const [type, id] = given[0] as [TargetType, string];
  const org = organizationsState(state);
  const exists =
    type === 'ACCOUNT'
      ? org.accounts[id] !== undefined || org.organization?.MasterAccountId === id
      : type === 'ORGANIZATIONAL_UNIT'
        ? org.organizationalUnits[id] !== undefined
        : org.roots[id] !== undefined;
  if (!exists) throw securityHubError('ResourceNotFoundException', `Target ${id} is not part of the organization.`);
  return { id, type };
}

function associationView(state: SandboxState, target: { id: string; type: TargetType }) {
  const effective = effectiveAssociation(state, target.id);
  return {
    ConfigurationPolicyId: effective.configurationId,
    TargetId: target.id,
    TargetType: target.type,
    AssociationType: effective.applied ? 'APPLIED' : 'INHERITED',
    UpdatedAt: effective.updatedAt === undefined ? undefined : isoTime(effective.updatedAt),
    AssociationStatus: 'SUCCESS',
  };
}

function configurationIdOf(ctx: HandlerContext, identifier: unknown): string {
  if (identifier === SELF_MANAGED) return SELF_MANAGED;
  return policyByIdentifier(ctx, identifier).id;
}

const startAssociation: OperationHandler = (input, ctx) => {
  requireCentralAdministrator(ctx);
  const configurationId = configurationIdOf(ctx, input.ConfigurationPolicyIdentifier);
  const target = targetOf(ctx.state, input.Target);
  const associations = securityHubState(ctx.state).associations;
  if (associations[target.id]?.configurationId !== configurationId)
    associations[target.id] = { targetId: target.id, targetType: target.type, configurationId, updatedAt: ctx.now() };
  reconcileOrganization(ctx.state, ctx.now());
  return associationView(ctx.state, target);
};

/** The target then inherits from its closest parent (or keeps its settings, self-managed, when there is none). */
const startDisassociation: OperationHandler = (input, ctx) => {
  requireCentralAdministrator(ctx);
  const configurationId = configurationIdOf(ctx, input.ConfigurationPolicyIdentifier);
  const target = targetOf(ctx.state, input.Target);
  const associations = securityHubState(ctx.state).associations;
  if (associations[target.id]?.configurationId !== configurationId)
    throw securityHubError(
      'ResourceNotFoundException',
      `Target ${target.id} is not associated with ${configurationId}.`,
    );
  delete associations[target.id];
  reconcileOrganization(ctx.state, ctx.now());
  return {};
};

const getAssociation: OperationHandler = (input, ctx) => {
  requireCentralAdministrator(ctx);
  if (reconcileOrganization(ctx.state, ctx.now())) ctx.changed();
  return associationView(ctx.state, targetOf(ctx.state, input.Target));
};

const batchGetAssociations: OperationHandler = (input, ctx) => {
  requireCentralAdministrator(ctx);
  const identifiers = input.ConfigurationPolicyAssociationIdentifiers;
  if (!Array.isArray(identifiers) || identifiers.length === 0)
    throw securityHubError('InvalidInputException', 'ConfigurationPolicyAssociationIdentifiers must not be empty.');
  if (reconcileOrganization(ctx.state, ctx.now())) ctx.changed();
  const found: unknown[] = [];
  const unprocessed: unknown[] = [];
  for (const identifier of identifiers as Array<{ Target?: unknown }>) {
    try {
      found.push(associationView(ctx.state, targetOf(ctx.state, identifier.Target)));
    } catch (error) {
      unprocessed.push({
        ConfigurationPolicyAssociationIdentifiers: identifier,
        ErrorCode: '404',
        ErrorReason: (error as Error).message,
      });
    }
  }
  return { ConfigurationPolicyAssociations: found, UnprocessedConfigurationPolicyAssociations: unprocessed };
};

/** Every account, OU and the root with its configuration, filtered as asked. */
const listAssociations: OperationHandler = (input, ctx) => {
  requireCentralAdministrator(ctx);
  if (reconcileOrganization(ctx.state, ctx.now())) ctx.changed();
  const max = maxResultsOf(input.MaxResults, 100, 100);
  const filters = (input.Filters ?? {}) as {
    ConfigurationPolicyId?: unknown;
    AssociationType?: unknown;
    AssociationStatus?: unknown;
  };
  const org = organizationsState(ctx.state);
  const targets: Array<{ id: string; type: TargetType }> = [
    ...Object.keys(org.roots).map((id) => ({ id, type: 'ROOT' as const })),
    ...Object.keys(org.organizationalUnits).map((id) => ({ id, type: 'ORGANIZATIONAL_UNIT' as const })),
    ...[
      ...new Set([...(org.organization ? [org.organization.MasterAccountId] : []), ...Object.keys(org.accounts)]),
    ].map((id) => ({ id, type: 'ACCOUNT' as const })),
  ];
  const policyFilter =
    filters.ConfigurationPolicyId === undefined ? undefined : configurationIdOf(ctx, filters.ConfigurationPolicyId);
  const all = targets
    .map((target) => associationView(ctx.state, target))
    .filter(
      (view) =>
        (policyFilter === undefined || view.ConfigurationPolicyId === policyFilter) &&
        (filters.AssociationType === undefined || view.AssociationType === filters.AssociationType) &&
        (filters.AssociationStatus === undefined || view.AssociationStatus === filters.AssociationStatus),
    )
    .sort((a, b) => a.TargetId.localeCompare(b.TargetId));
  const start = typeof input.NextToken === 'string' ? Number(Buffer.from(input.NextToken, 'base64url').toString()) : 0;
  if (!Number.isInteger(start) || start < 0) throw securityHubError('InvalidInputException', 'Invalid NextToken.');
  return {
    ConfigurationPolicyAssociationSummaries: all.slice(start, start + max),
    NextToken: start + max < all.length ? Buffer.from(String(start + max)).toString('base64url') : undefined,
  };
};

/** Which configuration (a policy or self-managed) applies to the root, OUs and accounts. */
export const associationOperations: Record<string, OperationHandler> = {
  StartConfigurationPolicyAssociation: startAssociation,
  StartConfigurationPolicyDisassociation: startDisassociation,
  GetConfigurationPolicyAssociation: getAssociation,
  BatchGetConfigurationPolicyAssociations: batchGetAssociations,
  ListConfigurationPolicyAssociations: listAssociations,
};
