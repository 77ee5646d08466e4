import type { Severity, SeverityCounts } from './model.js';

/**
 * How one cell of the matrix stands: as wanted, with issues (findings, non-compliant rules, logging or SCPs
 * off), missing (the service is not set up for the account: not baselined yet), error (could not be read for
 * this account), unknown (the organization-wide source could not be read), unchecked (nothing to compare with).
 */
export type CellState = 'ok' | 'issues' | 'missing' | 'error' | 'unknown' | 'unchecked';

export interface ConfigCell {
  state: CellState;
  compliant: number;
  nonCompliant: number;
}

export interface FindingsCell {
  state: CellState;
  counts: SeverityCounts;
}

export interface LoggingCell {
  state: CellState;
  trail?: string;
  lastDelivery?: string;
  /** Minutes since the last delivery to the bucket. */
  deliveryAgeMinutes?: number;
  problems: string[];
}

export interface ScpCell {
  state: CellState;
  inEffect: string[];
  /** In the landing-zone file but not in effect. */
  missing: string[];
  /** In effect but not in the landing-zone file. */
  unexpected: string[];
}

export interface AccountCompliance {
  accountId: string;
  name: string;
  ou: string;
  config: ConfigCell;
  securityHub: FindingsCell;
  guardDuty: FindingsCell;
  logging: LoggingCell;
  scps: ScpCell;
}

export type ItemSource = 'securityhub' | 'guardduty' | 'config' | 'cloudtrail' | 'scp';

/** One of the worst items under the matrix: a finding, a rule, a trail or an SCP problem, with where to look. */
export interface WorstItem {
  source: ItemSource;
  /** Security Hub's or GuardDuty's severity; absent for Config rules, trails and SCPs. */
  severity?: Severity;
  title: string;
  resource: string;
  accountId: string;
  accountName: string;
  region: string;
  link: string;
}

/** An organization-wide source that could not be read: one finding with the fix, not an error per account. */
export interface SourceProblem {
  source: 'config' | 'securityhub' | 'guardduty' | 'scps';
  problem: string;
  fix: string;
}

export interface ComplianceAssessment {
  collectedAt: string;
  homeRegion: string;
  maxLogAgeMinutes: number;
  failOn: Severity;
  accounts: AccountCompliance[];
  totals: { securityHub: SeverityCounts; guardDuty: SeverityCounts; nonCompliantRules: number };
  /** Security Hub and GuardDuty findings at or above --fail-on in the selected accounts. */
  atOrAboveFailOn: number;
  worst: WorstItem[];
  /** How many items there were in all (the view lists the first --top). */
  itemCount: number;
  problems: SourceProblem[];
  notes: string[];
  sources: { config?: string; securityHub?: string; guardDuty?: string; scps?: string };
}
