import type { SandboxState } from '../../state.js';
import { organizationsState } from '../organizations/model.js';
import { linkedRegions } from './aggregation.js';
import { enableHub, membersOf, securityHubState, subscriptionsOf, where, type AssociationRecord } from './model.js';
import { standardByArn } from './standards-catalog.js';

export const SELF_MANAGED = 'SELF_MANAGED_SECURITY_HUB';

/** The organization's central configuration: its delegated administrator, home Region and linked Regions. */
export interface CentralConfiguration {
  administrator: string;
  homeRegion: string;
  regions: string[];
}

/** Central configuration is on when the administrator's home Region says CENTRAL. */
export function centralConfiguration(state: SandboxState): CentralConfiguration | undefined {
  const hub = securityHubState(state);
  const administrator = Object.values(hub.admins)[0]?.accountId;
  const aggregator = administrator ? hub.aggregators[administrator] : undefined;
  if (!administrator || !aggregator) return undefined;
  if (hub.organizationConfigs[where(administrator, aggregator.region)]?.configurationType !== 'CENTRAL')
    return undefined;
  return { administrator, homeRegion: aggregator.region, regions: [aggregator.region, ...linkedRegions(aggregator)] };
}

/** The targets from an account (or OU) up to the root: itself, each parent OU, the root. */
export function targetPath(state: SandboxState, targetId: string): string[] {
  const org = organizationsState(state);
  const path: string[] = [targetId];
  let parent = org.accounts[targetId]?.ParentId ?? org.organizationalUnits[targetId]?.ParentId;
  if (!parent && org.organization?.MasterAccountId === targetId) parent = org.organization.RootId;
  while (parent) {
    path.push(parent);
    parent = org.organizationalUnits[parent]?.ParentId;
  }
  return path;
}

/** The configuration in effect for a target: the nearest directly applied association, else self-managed. */
export function effectiveAssociation(
  state: SandboxState,
  targetId: string,
): { configurationId: string; applied: boolean; updatedAt?: number } {
  const associations = securityHubState(state).associations;
  for (const [index, id] of targetPath(state, targetId).entries()) {
    const association: AssociationRecord | undefined = associations[id];
    if (association)
      return { configurationId: association.configurationId, applied: index === 0, updatedAt: association.updatedAt };
  }
  return { configurationId: SELF_MANAGED, applied: false };
}

/** Whether an account's Security Hub settings are managed by a configuration policy (members may not change them). */
export function isCentrallyManaged(state: SandboxState, accountId: string): boolean {
  return (
    centralConfiguration(state) !== undefined && effectiveAssociation(state, accountId).configurationId !== SELF_MANAGED
  );
}

/**
 * Makes an account match the configuration policy in effect for it, in the home and every linked Region:
 * Security Hub on (a member of the administrator) or off, exactly the policy's standards. Self-managed
 * accounts keep their settings. Returns whether anything changed.
 */
export function reconcileAccount(state: SandboxState, accountId: string, now: number): boolean {
  const central = centralConfiguration(state);
  if (!central) return false;
  const hub = securityHubState(state);
  const { configurationId } = effectiveAssociation(state, accountId);
  const policy = hub.policies[configurationId];
  const version = `${configurationId}@${policy?.updatedAt ?? 0}`;
  if (hub.applied[accountId] === version) return false;
  hub.applied[accountId] = version;
  if (!policy) return true;
  for (const region of central.regions) {
    const key = where(accountId, region);
    if (!policy.serviceEnabled) {
      delete hub.hubs[key];
      delete hub.subscriptions[key];
      continue;
    }
    enableHub(state, accountId, region, now);
    const wanted = policy.enabledStandardIdentifiers.flatMap((arn) => {
      const standard = standardByArn(arn, central.homeRegion);
      return standard ? [standard.id] : [];
    });
    const subscriptions = subscriptionsOf(state, accountId, region);
    for (const id of Object.keys(subscriptions)) if (!wanted.includes(id)) delete subscriptions[id];
    for (const id of wanted) subscriptions[id] ??= { since: now };
    if (accountId !== central.administrator) {
      const members = membersOf(state, central.administrator, region);
      const member = members[accountId];
      if (member?.memberStatus !== 'Enabled')
        members[accountId] = { accountId, memberStatus: 'Enabled', updatedAt: now };
    }
  }
  return true;
}

/** Reconciles every account of the organization (after an association or policy change, or an account move). */
export function reconcileOrganization(state: SandboxState, now: number): boolean {
  const org = organizationsState(state);
  const ids = [...Object.keys(org.accounts), ...(org.organization ? [org.organization.MasterAccountId] : [])];
  let changed = false;
  for (const id of new Set(ids)) changed = reconcileAccount(state, id, now) || changed;
  return changed;
}

/** The identifiers of a policy that name no standard of the home Region. */
export function unknownStandards(identifiers: readonly string[], homeRegion: string): string[] {
  return identifiers.filter((arn) => !standardByArn(arn, homeRegion));
}
