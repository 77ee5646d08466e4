import type { OrgSnapshot } from '../../accounts/org-model.js';
import type { InFlightRequest } from '../../accounts/vend-decisions.js';
import type { BaselineCell } from '../../baselines/report.js';
import type { DeployedPolicy, PolicyTarget } from '../../scps/deployed-state.js';

/** What AWS says now, as far as the plan needs it: read fresh every time (there is no state file). */
export interface LiveLandingZone {
  /** Absent when the caller's account is in no organization yet. */
  organization?: LiveOrganization;
  /** Tags of every account and OU, by id. */
  tags: Record<string, Record<string, string>>;
  /** Account creations still IN_PROGRESS (a previous run's). */
  inFlight: InFlightRequest[];
  scps: LiveScps;
  prerequisites: LivePrerequisites;
  baselines: LiveBaselines;
}

export interface LiveOrganization extends OrgSnapshot {
  rootId: string;
  scpEnabled: boolean;
}

export interface LiveScps {
  /** Every SCP; customer-managed ones with their tags (managed or not), content where the plan needs it. */
  policies: DeployedPolicy[];
  /** Tags of the customer-managed SCPs, by policy id. */
  tags: Record<string, Record<string, string>>;
  /** SCP ids attached directly to each root, OU or account that was read. */
  attachments: Record<string, string[]>;
  /** Where each awsarch-managed SCP is attached (to find attachments the file no longer declares). */
  targetsOfPolicies: Record<string, PolicyTarget[]>;
}

export interface LivePrerequisites {
  /** The shared transit gateway in its owner account, when the file declares it and the owner exists. */
  transitGateway?: { id: string; ownerId: string; state: string } | 'missing';
  /** The log-archive bucket, when the file declares it and its account exists. */
  bucket?: { name: string; exists: boolean; deliveryAllowed: { cloudtrail: boolean; config: boolean } };
}

export interface LiveBaselines {
  /** The dry-run cells of each account that was read, by account id. */
  accounts: Record<string, BaselineCell[]>;
  /** Organization-level cells (prerequisite checks, e.g. designating the GuardDuty administrator). */
  organization: BaselineCell[];
  /** Steps not read because what they need does not exist yet, with what it is waiting for. */
  blocked: Record<string, string>;
}
