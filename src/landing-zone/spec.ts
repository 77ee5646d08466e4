import type { BaselineDefinition } from '../baselines/definition.js';
import type { DesiredScps } from '../scps/desired.js';

/** What the landing-zone file asks for, validated and resolved (SCPs rendered, baselines loaded). */
export interface LandingZoneSpec {
  source: LandingZoneSource;
  /** Every OU the file declares, parents included, parents first. */
  ous: string[][];
  accounts: AccountSpec[];
  /** Rendered SCPs and their attachments (targets as written in the file); absent when the file has no scps. */
  scps?: DesiredScps;
  /** The baselines the accounts use, by key, with the file's network prerequisites filled in. */
  baselines: Record<string, BaselineDefinition>;
  network?: NetworkSpec;
  /** Where --prune moves accounts the file no longer lists. */
  suspendedOu: string[];
}

/** The file as it was read: saved plans carry it, so an apply works from exactly what was planned. */
export interface LandingZoneSource {
  path: string;
  sha256: string;
  text: string;
}

export interface AccountSpec {
  name: string;
  email: string;
  /** OU path from the root ([] for the root). */
  ou: string[];
  tags: Record<string, string>;
  baseline?: AccountBaseline;
}

export interface AccountBaseline {
  /** Key into LandingZoneSpec.baselines. */
  key: string;
  /** The baseline's name. */
  name: string;
  /** The steps this account gets, in the baseline's order (its skips removed). */
  steps: string[];
}

/** The shared transit gateway and the log-archive bucket that apply creates when they are missing. */
export interface NetworkSpec {
  region: string;
  cidrPool: string;
  transitGateway: { name: string; owner: string; amazonSideAsn: number };
  logArchive: { account: string; bucket: string; keyPrefix?: string };
}

/** The tag that marks what awsarch manages (accounts, OUs, SCPs, the transit gateway). */
export const MANAGED_TAG_KEY = 'awsarch:managed';
export const MANAGED_TAG_VALUE = 'true';

/** On an account: the OU awsarch last put it in, so a move made outside awsarch shows as drift. */
export const OU_TAG_KEY = 'awsarch:ou';
/** On an SCP: a digest of the content and description awsarch last wrote, so an edit outside awsarch shows as drift. */
export const CONTENT_TAG_KEY = 'awsarch:sha';
