import type { PlannedChange, StepPlan } from './model.js';
import type { AccountAssociation } from './securityhub-administrator.js';
import { SECURITY_HUB_DEFAULT_STANDARDS, standardLabel } from './securityhub-standards.js';

/** One Region of an account as read: Security Hub on or off, its membership, its standards. */
export interface RegionHubState {
  hub: boolean;
  /** The administrator's view (Enabled, Created, Removed, ...); undefined when not a member (or not known yet). */
  memberStatus?: string;
  standards: Array<{ id: string; status: string; reason?: string }>;
}

export interface SecurityHubCurrent {
  /** The account is the administrator itself (never its own member). */
  isAdministrator: boolean;
  /** Central mode: the configuration in effect for the account. */
  association?: AccountAssociation;
  regions: Record<string, RegionHubState>;
}

export interface SecurityHubDesired {
  mode: 'central' | 'local';
  administrator: string;
  regions: string[];
  standards: string[];
  policyName: string;
  /** Undefined while the policy does not exist yet (a dry run that creates it). */
  policyId?: string;
}

export type SecurityHubChange =
  | (PlannedChange & { action: 'associate' })
  | (PlannedChange & { action: 'create-member'; region: string })
  | (PlannedChange & { action: 'enable-hub'; region: string })
  | (PlannedChange & { action: 'enable-standards'; region: string; standards: string[] })
  | (PlannedChange & { action: 'disable-standards'; region: string; standards: string[] });

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((item) => b.includes(item));
const labels = (ids: readonly string[]) => ids.map(standardLabel).join(', ');

/** Standards that are on but not running: INCOMPLETE (no Config recorder, say) or FAILED. */
function brokenStandards(region: string, state: RegionHubState): string[] {
  return state.standards
    .filter((standard) => standard.status === 'INCOMPLETE' || standard.status === 'FAILED')
    .map(
      (standard) =>
        `${region}: ${standardLabel(standard.id)} is ${standard.status}${standard.reason ? ` (${standard.reason === 'NO_AVAILABLE_CONFIGURATION_RECORDER' ? 'AWS Config is not recording; the config step records' : standard.reason})` : ''}`,
    );
}

function planCentral(
  current: SecurityHubCurrent,
  desired: SecurityHubDesired,
  differences: string[],
): SecurityHubChange[] {
  const association = current.association;
  const offBy: string[] = [];
  for (const region of desired.regions) {
    const state = current.regions[region] ?? { hub: false, standards: [] };
    const enabled = state.standards.map((standard) => standard.id);
    if (!state.hub) offBy.push(`${region}: Security Hub is off`);
    else if (!sameSet(enabled, desired.standards))
      offBy.push(`${region}: standards are ${labels(enabled) || 'none'}, not ${labels(desired.standards)}`);
    differences.push(...brokenStandards(region, state));
  }
  if (desired.policyId === undefined) {
    differences.unshift(...offBy);
    return [];
  }
  const ours = association?.configurationPolicyId === desired.policyId;
  if (!ours)
    differences.unshift(
      association?.configurationPolicyId === 'SELF_MANAGED_SECURITY_HUB'
        ? 'self-managed, not configured by the policy'
        : `configured by ${association?.configurationPolicyId ?? 'nothing'} instead of policy ${desired.policyName}`,
    );
  else if (association?.status === 'FAILED')
    differences.unshift(`policy ${desired.policyName} failed to apply: ${association.message ?? 'no reason given'}`);
  // A policy still being applied is not repaired again, but until it is done the account is not as wanted.
  const pending = ours && association?.status === 'PENDING';
  if (pending && offBy.length > 0) differences.push(`policy ${desired.policyName} is still being applied`);
  differences.push(...offBy);
  const needed = !ours || association?.status === 'FAILED' || (!pending && offBy.length > 0);
  return needed
    ? [{ action: 'associate', description: `apply configuration policy ${desired.policyName} to the account directly` }]
    : [];
}

function planLocalRegion(
  region: string,
  current: SecurityHubCurrent,
  state: RegionHubState,
  desired: SecurityHubDesired,
  differences: string[],
): SecurityHubChange[] {
  const changes: SecurityHubChange[] = [];
  let enabled = state.standards.map((standard) => standard.id);
  let hub = state.hub;
  if (!current.isAdministrator && state.memberStatus !== 'Enabled') {
    differences.push(
      `${region}: not a member of ${desired.administrator}${state.memberStatus ? ` (${state.memberStatus})` : ''}`,
    );
    changes.push({
      action: 'create-member',
      region,
      description: `add the account as a member of ${desired.administrator} in ${region}${hub ? '' : ' (which enables Security Hub)'}`,
    });
    if (!hub) {
      hub = true;
      enabled = [...SECURITY_HUB_DEFAULT_STANDARDS];
    }
  }
  if (!hub) {
    differences.push(`${region}: Security Hub is off`);
    changes.push({ action: 'enable-hub', region, description: `enable Security Hub in ${region}` });
    enabled = [];
  }
  const missing = desired.standards.filter((id) => !enabled.includes(id));
  const extra = enabled.filter((id) => !desired.standards.includes(id));
  if (state.hub && (missing.length > 0 || extra.length > 0))
    differences.push(`${region}: standards are ${labels(enabled) || 'none'}, not ${labels(desired.standards)}`);
  if (missing.length > 0)
    changes.push({
      action: 'enable-standards',
      region,
      standards: missing,
      description: `enable ${labels(missing)} in ${region}`,
    });
  if (extra.length > 0)
    changes.push({
      action: 'disable-standards',
      region,
      standards: extra,
      description: `disable ${labels(extra)} in ${region}`,
    });
  differences.push(...brokenStandards(region, state));
  return changes;
}

/**
 * Pure: in every Region Security Hub on, the account a member of the administrator, exactly the baseline's
 * standards, running. Central mode: the configuration policy is what sets this, so the fix for anything off
 * is to apply the policy to the account. Local mode: membership, Security Hub and standards one by one.
 * Standards that cannot run (no Config recorder) are drift with no change of this step's own.
 */
export function planSecurityHub(current: SecurityHubCurrent, desired: SecurityHubDesired): StepPlan<SecurityHubChange> {
  const differences: string[] = [];
  const changes =
    desired.mode === 'central'
      ? planCentral(current, desired, differences)
      : desired.regions.flatMap((region) =>
          planLocalRegion(
            region,
            current,
            current.regions[region] ?? { hub: false, standards: [] },
            desired,
            differences,
          ),
        );
  if (differences.length === 0 && changes.length === 0)
    return {
      state: 'ok',
      summary: `${current.isAdministrator ? 'administrator' : `member of ${desired.administrator}`}; ${labels(desired.standards)} in ${desired.regions.length} Region(s)`,
      differences: [],
      changes: [],
    };
  const nothing = desired.regions.every(
    (region) => !current.regions[region]?.hub && current.regions[region]?.memberStatus === undefined,
  );
  const pendingPolicy = desired.mode === 'central' && desired.policyId === undefined;
  return {
    state: nothing ? 'missing' : 'drift',
    summary: nothing
      ? `Security Hub is not enabled${pendingPolicy ? ` (policy ${desired.policyName} will configure it once on the root)` : ''}`
      : differences.join('; '),
    differences,
    changes,
  };
}
