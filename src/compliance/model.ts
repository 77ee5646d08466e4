/** Finding severities the compliance view counts, most severe first. */
export const SEVERITIES = ['critical', 'high', 'medium'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Finding counts at each counted severity. */
export type SeverityCounts = Record<Severity, number>;

/** A finding as the administrator reports it (Security Hub or GuardDuty), reduced to what the view needs. */
export interface ServiceFinding {
  id: string;
  accountId: string;
  region: string;
  severity: Severity;
  title: string;
  resource: string;
  /** GuardDuty's finding type, Security Hub's control id. */
  type?: string;
}

/** One AWS Config rule of one account and Region, as the organization aggregator reports it. */
export interface AggregatedRule {
  rule: string;
  accountId: string;
  region: string;
  compliance: 'COMPLIANT' | 'NON_COMPLIANT' | 'NOT_APPLICABLE' | 'INSUFFICIENT_DATA';
  /** Non-compliant resources (capped at 25 by Config, as AWS caps it), when known. */
  nonCompliantResources?: number;
  /** A non-compliant resource, looked up for the worst items. */
  sampleResource?: string;
}

/** The account's trail as the account sees it: what delivers its logs, and how recently. */
export interface TrailReading {
  name: string;
  arn: string;
  homeRegion: string;
  bucket?: string;
  multiRegion: boolean;
  organizationTrail: boolean;
  validation: boolean;
  logging: boolean;
  latestDelivery?: string;
  latestDeliveryError?: string;
  stoppedAt?: string;
}

/** What reading one source for the whole organization gave: its data, or why it could not be read. */
export type SourceReading<T> =
  | { state: 'read'; administrator: string; region: string; data: T; notes: string[] }
  | { state: 'unavailable'; problem: string; fix: string };

export interface ConfigReading {
  aggregator: string;
  rules: AggregatedRule[];
  /** Accounts and Regions the aggregator cannot collect (sources status FAILED). */
  failedSources: string[];
}

export interface FindingsReading {
  /** Accounts the administrator has as enabled members (its own included). */
  members: string[];
  findings: ServiceFinding[];
  /** Regions whose findings are included. */
  regions: string[];
}

/** Per account: its trail(s) read through the member role, or why they could not be read. */
export type LoggingReading = { trails: TrailReading[] } | { error: string };

/** One SCP attached somewhere in the organization. */
export interface AttachedScp {
  id: string;
  name: string;
  /** Target ids: the root, OUs, accounts. */
  targets: string[];
}

/** The SCPs the landing-zone file wants in effect on each account (by account id), when a file was given. */
export interface ScpExpectation {
  file: string;
  byAccount: Record<string, string[]>;
}

/** Everything `compliance` read, before any judgement. */
export interface ComplianceSnapshot {
  collectedAt: string;
  homeRegion: string;
  accounts: Array<{ id: string; name: string; ou: string; parentIds: string[] }>;
  config: SourceReading<ConfigReading>;
  securityHub: SourceReading<FindingsReading>;
  guardDuty: SourceReading<FindingsReading>;
  logging: Record<string, LoggingReading>;
  scps: SourceReading<AttachedScp[]>;
  expectedScps?: ScpExpectation;
  /** The log-archive bucket the landing-zone file names, when known. */
  logArchiveBucket?: string;
  collection: { calls: number; rounds: number; durationMs: number };
}
