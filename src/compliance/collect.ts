import { access } from 'node:fs/promises';
import { readOrganization } from '../accounts/org-reader.js';
import type { OrgSnapshot } from '../accounts/org-model.js';
import { selectBaselineAccounts, validateSelector, type AccountSelector } from '../baselines/select-accounts.js';
import type { CommandContext } from '../core/context.js';
import { loadLandingZone } from '../landing-zone/file/load.js';
import type { LandingZoneSpec } from '../landing-zone/spec.js';
import type { ComplianceSnapshot } from './model.js';
import { readConfigCompliance } from './read-config.js';
import { readGuardDutyFindings } from './read-guardduty.js';
import { readLogging } from './read-logging.js';
import type { ReadScope } from './read-scope.js';
import { expectedScps, readAttachedScps } from './read-scps.js';
import { readSecurityHubFindings } from './read-securityhub.js';

/** Where `compliance` reads and what it compares with; checked before any AWS call. */
export interface CollectRequest {
  selector: AccountSelector;
  /** The landing-zone file (SCPs to expect, the log-archive bucket, the home Region). */
  file?: { path: string; explicit: boolean };
  /** Non-compliant Config rules to look a resource up for (the worst items). */
  detailBudget: number;
}

/** The landing-zone file, or undefined when the default one is absent (an explicit -f must exist). */
export async function loadExpectations(
  file: CollectRequest['file'],
  region: string,
): Promise<LandingZoneSpec | undefined> {
  if (!file) return undefined;
  if (!file.explicit)
    try {
      await access(file.path);
    } catch {
      return undefined;
    }
  return loadLandingZone(file.path, { fallbackRegion: region });
}

/** Ids of the root and OUs above a parent, nearest last. */
function ancestorsOf(snapshot: OrgSnapshot, parentId: string): string[] {
  const chain: string[] = [];
  let current: string | undefined = parentId;
  while (current !== undefined) {
    chain.unshift(current);
    const id: string = current;
    current = snapshot.ous.find((ou) => ou.id === id)?.parentId;
  }
  return chain;
}

/** The organization read's rounds: DescribeOrganization, ListRoots, each OU level (the last one empty), accounts. */
const organizationRounds = (snapshot: OrgSnapshot) => 4 + Math.max(0, ...snapshot.ous.map((ou) => ou.path.length));

/**
 * Reads everything `compliance` judges: the organization, then at once AWS Config from its aggregator
 * (GuardDuty after it, in the aggregator's Regions), Security Hub and GuardDuty from their administrators,
 * the SCPs and their targets, and each selected account's trail status.
 */
export async function collectCompliance(
  ctx: CommandContext,
  request: CollectRequest,
  spec: LandingZoneSpec | undefined,
): Promise<ComplianceSnapshot> {
  validateSelector(request.selector);
  const started = ctx.clock.now();
  const callsBefore = ctx.aws.calls.snapshot().total;
  const snapshot = await readOrganization(ctx.aws);
  const { accounts } = selectBaselineAccounts(snapshot, request.selector);
  const homeRegion = Object.values(spec?.baselines ?? {})[0]?.homeRegion ?? ctx.options.region;
  const scope: ReadScope = {
    aws: ctx.aws,
    homeRegion,
    managementAccountId: snapshot.organization.managementAccountId,
    accountIds: accounts.map((account) => account.id),
    all: request.selector.all,
  };
  const selected = accounts.map((account) => ({
    id: account.id,
    name: account.name,
    ou: account.ou,
    parentIds: ancestorsOf(snapshot, account.parentId),
  }));
  const after = organizationRounds(snapshot);
  const [config, securityHub, logging, scps] = await Promise.all([
    readConfigCompliance(scope, request.detailBudget, after).then(async (reading) => ({
      reading,
      guardDuty: await readGuardDutyFindings(scope, reading.value.regions, after),
    })),
    readSecurityHubFindings(scope, after),
    readLogging(scope, after),
    readAttachedScps(scope, after),
  ]);
  const bucket = spec?.network?.logArchive.bucket.replaceAll('{organizationId}', snapshot.organization.id);
  return {
    collectedAt: new Date(ctx.clock.now()).toISOString(),
    homeRegion,
    accounts: selected,
    config: config.reading.value.reading,
    securityHub: securityHub.value,
    guardDuty: config.guardDuty.value,
    logging: logging.value,
    scps: scps.value,
    expectedScps: spec?.scps && {
      file: spec.source.path,
      byAccount: expectedScps(snapshot, spec.scps, selected),
    },
    logArchiveBucket: bucket,
    collection: {
      calls: ctx.aws.calls.snapshot().total - callsBefore,
      rounds: Math.max(config.reading.depth, config.guardDuty.depth, securityHub.depth, logging.depth, scps.depth),
      durationMs: ctx.clock.now() - started,
    },
  };
}
