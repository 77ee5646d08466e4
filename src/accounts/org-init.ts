import {
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  OrganizationsClient,
  paginateListOrganizationalUnitsForParent,
} from '@aws-sdk/client-organizations';
import { isAwsError, toAwsarchError } from '../aws/aws-errors.js';
import { collectPages } from '../aws/paginate.js';
import type { CommandContext } from '../core/context.js';
import type { OrgSnapshot } from './org-model.js';
import { readOrganization, describeOrganization } from './org-reader.js';
import { findOuByPath, formatOuPath } from './ou-path.js';
import { MSG } from '../core/message-codes.js';

export interface OrgInitPlan {
  createOrganization: boolean;
  /** Missing OUs, parents before children. */
  createOus: string[][];
  existingOus: string[][];
}

/** Pure: what `org init` must create so the organization exists with every OU path (and each of its ancestors). */
export function planOrgInit(snapshot: OrgSnapshot | undefined, desired: string[][]): OrgInitPlan {
  const wanted = new Map<string, string[]>();
  for (const path of desired) {
    for (let depth = 1; depth <= path.length; depth++) {
      const prefix = path.slice(0, depth);
      wanted.set(formatOuPath(prefix), prefix);
    }
  }
  const ordered = [...wanted.values()].sort(
    (a, b) => a.length - b.length || formatOuPath(a).localeCompare(formatOuPath(b)),
  );
  const exists = (path: string[]) => snapshot !== undefined && findOuByPath(snapshot, path) !== undefined;
  return {
    createOrganization: snapshot === undefined,
    createOus: ordered.filter((path) => !exists(path)),
    existingOus: ordered.filter(exists),
  };
}

export interface OrgInitResult {
  organizationId: string;
  managementAccountId: string;
  dryRun: boolean;
  /** Created by this run (dry run: would be created). */
  organizationCreated: boolean;
  /** Created by this run (dry run: would be created). */
  ousCreated: string[];
  ousExisting: string[];
}

export interface OrgInitRequest {
  ouPaths: string[][];
  dryRun: boolean;
}

/** Creates the organization (all features) if there is none, then every missing OU; safe to re-run. */
export async function initOrganization(ctx: CommandContext, request: OrgInitRequest): Promise<OrgInitResult> {
  const orgs = ctx.aws.client(OrganizationsClient);
  const reading = ctx.io.task('Read the organization');
  const existing = (await describeOrganization(ctx.aws)) ? await readOrganization(ctx.aws) : undefined;
  reading.succeed(
    existing
      ? `${existing.organization.id}, ${existing.ous.length} OUs, ${existing.accounts.length} accounts`
      : 'no organization yet',
  );
  if (existing?.organization.featureSet && existing.organization.featureSet !== 'ALL') {
    ctx.io.warn(
      MSG.ORG_CONSOLIDATED_BILLING,
      `organization ${existing.organization.id} has only consolidated billing; service control policies need all features (enable them in the console or with EnableAllFeatures)`,
    );
  }
  const plan = planOrgInit(existing, request.ouPaths);
  const result: OrgInitResult = {
    organizationId: existing?.organization.id ?? '',
    managementAccountId: existing?.organization.managementAccountId ?? '',
    dryRun: request.dryRun,
    organizationCreated: false,
    ousCreated: [],
    ousExisting: plan.existingOus.map(formatOuPath),
  };
  if (request.dryRun) {
    if (plan.createOrganization)
      ctx.io.info(MSG.PLAN_CREATE_ORGANIZATION, 'would create an organization with all features');
    for (const path of plan.createOus) ctx.io.info(MSG.PLAN_CREATE_OU, `would create OU ${formatOuPath(path)}`);
    return { ...result, organizationCreated: plan.createOrganization, ousCreated: plan.createOus.map(formatOuPath) };
  }

  if (plan.createOrganization) {
    const task = ctx.io.task('Create the organization');
    try {
      const { Organization: org } = await orgs.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
      result.organizationId = org?.Id ?? '';
      result.managementAccountId = org?.MasterAccountId ?? '';
      result.organizationCreated = true;
      task.succeed(`${result.organizationId}, all features`);
    } catch (error) {
      if (!isAwsError(error, 'AlreadyInOrganizationException')) {
        task.fail();
        throw toAwsarchError(error, 'Creating the organization');
      }
      task.skip('already exists');
    }
  }
  if (plan.createOus.length === 0) return result;

  const snapshot = await readOrganization(ctx.aws);
  result.organizationId = snapshot.organization.id;
  result.managementAccountId = snapshot.organization.managementAccountId;
  const idByPath = new Map<string, string>([
    ['/', snapshot.root.id],
    ...snapshot.ous.map((ou) => [formatOuPath(ou.path), ou.id] as const),
  ]);
  for (const path of plan.createOus) {
    const key = formatOuPath(path);
    if (idByPath.has(key)) continue;
    const parentId = idByPath.get(formatOuPath(path.slice(0, -1)));
    const name = path[path.length - 1] as string;
    const task = ctx.io.task(`Create OU ${key}`);
    try {
      const { OrganizationalUnit: ou } = await orgs.send(
        new CreateOrganizationalUnitCommand({ ParentId: parentId, Name: name }),
      );
      idByPath.set(key, ou?.Id ?? '');
      result.ousCreated.push(key);
      task.succeed(ou?.Id);
    } catch (error) {
      if (!isAwsError(error, 'DuplicateOrganizationalUnitException')) {
        task.fail();
        throw toAwsarchError(error, `Creating OU ${key}`);
      }
      // Another run created it meanwhile: look its id up so its children can still be created.
      const siblings = await collectPages(
        paginateListOrganizationalUnitsForParent({ client: orgs }, { ParentId: parentId }),
        (page) => page.OrganizationalUnits,
      );
      const found = siblings.find((ou) => ou.Name === name);
      idByPath.set(key, found?.Id ?? '');
      result.ousExisting.push(key);
      task.skip('created meanwhile by another run');
    }
  }
  return result;
}
