import { newBaselineSession } from '../../baselines/run-context.js';
import type { CommandContext } from '../../core/context.js';
import type { LandingZoneSpec } from '../spec.js';
import { accountIdResolver } from './accounts.js';
import type { LiveLandingZone } from './model.js';
import { readLiveBaselines } from './read-baselines.js';
import { readInFlight, readLiveOrganization, readTags } from './read-organization.js';
import { readPrerequisites } from './read-prerequisites.js';
import { readLiveScps } from './read-scps.js';

/**
 * Reads what the plan compares the file with, in as few rounds as it can: the organization tree;
 * then at once the tags of every account and OU, creations in progress, the SCPs and their
 * attachments, and the network prerequisites; then every account's baseline (dry run).
 */
export async function readLive(ctx: CommandContext, spec: LandingZoneSpec): Promise<LiveLandingZone> {
  const task = ctx.io.task('Read the organization');
  try {
    const organization = await readLiveOrganization(ctx.aws);
    if (!organization) {
      task.succeed('no organization yet');
      return {
        tags: {},
        inFlight: [],
        scps: { policies: [], tags: {}, attachments: {}, targetsOfPolicies: {} },
        prerequisites: {},
        baselines: { accounts: {}, organization: [], blocked: {} },
      };
    }
    const accountIdOf = accountIdResolver(organization, spec.accounts);
    const targetAccounts = (spec.scps?.assignments ?? [])
      .map((assignment) => accountIdOf(assignment.target))
      .filter((id): id is string => id !== undefined);
    const targetIds = organization.scpEnabled
      ? [...new Set([organization.rootId, ...organization.ous.map((ou) => ou.id), ...targetAccounts])]
      : [];
    task.update(
      `${organization.ous.length} OUs, ${organization.accounts.length} accounts; reading tags, SCPs, prerequisites`,
    );
    const [tags, inFlight, scps, prerequisites] = await Promise.all([
      readTags(ctx.aws, [
        ...organization.accounts.map((account) => account.id),
        ...organization.ous.map((ou) => ou.id),
      ]),
      readInFlight(ctx),
      readLiveScps(ctx.aws, targetIds),
      readPrerequisites(ctx.aws, organization, spec.network, accountIdOf),
    ]);
    task.update('reading the baselines of the accounts');
    const baselines = await readLiveBaselines(ctx, spec, organization, prerequisites, newBaselineSession());
    task.succeed(
      `${organization.organization.id}: ${organization.ous.length} OUs, ${organization.accounts.length} accounts, ${scps.policies.length} SCPs`,
    );
    return { organization, tags, inFlight, scps, prerequisites, baselines };
  } catch (error) {
    task.fail();
    throw error;
  }
}
