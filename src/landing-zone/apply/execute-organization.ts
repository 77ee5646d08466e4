import {
  CloseAccountCommand,
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  DeleteOrganizationalUnitCommand,
  DescribeOrganizationCommand,
  ListParentsCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient,
  paginateListOrganizationalUnitsForParent,
  TagResourceCommand,
} from '@aws-sdk/client-organizations';
import pRetry from 'p-retry';
import { formatOuPath } from '../../accounts/ou-path.js';
import { vendAccount } from '../../accounts/vend-account.js';
import { validateVendRequest } from '../../accounts/vend-request.js';
import { isAwsError } from '../../aws/aws-errors.js';
import { collectPages } from '../../aws/paginate.js';
import { AwsarchError } from '../../core/errors.js';
import { ERR, errorCodeNamed } from '../../core/error-codes.js';
import type { Change } from '../plan/model.js';
import { MANAGED_TAG_KEY, MANAGED_TAG_VALUE } from '../spec.js';
import type { ApplyRun } from './run.js';

type ChangeOf<K extends Change['kind']> = Extract<Change, { kind: K }>;
const MANAGED = { Key: MANAGED_TAG_KEY, Value: MANAGED_TAG_VALUE };

const orgs = (run: ApplyRun) => run.ctx.aws.client(OrganizationsClient);

/** CreateOrganization (all features), then the organization's and root's ids for what follows. */
export async function createOrganization(run: ApplyRun): Promise<string> {
  await run
    .retrying(() => orgs(run).send(new CreateOrganizationCommand({ FeatureSet: 'ALL' })))
    .catch((error: unknown) => {
      if (!isAwsError(error, 'AlreadyInOrganizationException')) throw error;
    });
  const { Organization: organization } = await run.retrying(() => orgs(run).send(new DescribeOrganizationCommand({})));
  const { Roots: roots = [] } = await run.retrying(() => orgs(run).send(new ListRootsCommand({})));
  run.snapshot.organization = {
    id: organization?.Id ?? '',
    arn: organization?.Arn,
    managementAccountId: organization?.MasterAccountId ?? '',
    featureSet: organization?.FeatureSet,
  };
  run.snapshot.root = { id: roots[0]?.Id ?? '', name: roots[0]?.Name ?? 'Root', arn: roots[0]?.Arn };
  return `${run.organizationId}, all features`;
}

/** An OU, tagged as awsarch's; one created meanwhile (another run) is found and tagged instead. */
export async function createOu(run: ApplyRun, change: ChangeOf<'create-ou'>): Promise<string> {
  const parentId = run.ouId(change.path.slice(0, -1));
  const name = change.path[change.path.length - 1] as string;
  let id: string;
  try {
    const { OrganizationalUnit: ou } = await run.retrying(() =>
      orgs(run).send(new CreateOrganizationalUnitCommand({ ParentId: parentId, Name: name, Tags: [MANAGED] })),
    );
    id = ou?.Id ?? '';
  } catch (error) {
    if (!isAwsError(error, 'DuplicateOrganizationalUnitException')) throw error;
    const siblings = await collectPages(
      paginateListOrganizationalUnitsForParent({ client: orgs(run) }, { ParentId: parentId }),
      (page) => page.OrganizationalUnits,
    );
    id = siblings.find((ou) => ou.Name === name)?.Id ?? '';
    await run.retrying(() => orgs(run).send(new TagResourceCommand({ ResourceId: id, Tags: [MANAGED] })));
  }
  run.addOu({ id, name, parentId, path: change.path });
  return id;
}

export async function tagOu(run: ApplyRun, change: ChangeOf<'tag-ou'>): Promise<string> {
  await run.retrying(() => orgs(run).send(new TagResourceCommand({ ResourceId: change.ouId, Tags: [MANAGED] })));
  return 'tagged awsarch:managed';
}

/**
 * Vends the account as `account create` does (it resumes an existing account or an in-flight
 * request, waits, moves, tags and proves access), so an interrupted apply never creates it twice.
 */
export async function createAccount(run: ApplyRun, change: ChangeOf<'create-account'>): Promise<string> {
  const request = validateVendRequest({
    name: change.name,
    email: change.email,
    ou: change.ou.length === 0 ? 'root' : formatOuPath(change.ou),
    tags: change.tags,
    accessRole: run.ctx.options.accessRole,
  });
  const result = await vendAccount(run.ctx, request, run.snapshot, {
    wait: true,
    dryRun: false,
    timing: {
      timeoutMs: run.timing.createAccountTimeoutMs,
      pollMinMs: run.timing.pollMinMs,
      pollMaxMs: run.timing.pollMaxMs,
      accessTimeoutMs: run.timing.accessTimeoutMs,
      retryMinMs: run.timing.retryMinMs,
    },
    inFlight: change.requestId ? [{ id: change.requestId, accountName: change.name }] : [],
    progress: run.vending?.accounts.get(change.key),
  });
  if (result.status !== 'vended' || !result.accountId)
    throw new AwsarchError(
      errorCodeNamed(result.error?.code) ?? ERR.VEND_FAILED,
      result.error?.message ?? `${change.name} was not vended`,
      {
        hint: result.error?.hint,
      },
    );
  run.accountIds.set(change.name, result.accountId);
  run.snapshot.accounts.push({
    id: result.accountId,
    name: change.name,
    email: change.email,
    status: 'ACTIVE',
    parentId: run.ouId(change.ou),
  });
  return result.accountId;
}

/** Moves an account into an OU (from wherever it is now); already there counts as done. */
export async function moveAccount(run: ApplyRun, accountId: string, to: readonly string[]): Promise<string> {
  const destination = run.ouId(to);
  const { Parents: parents = [] } = await run.retrying(() =>
    orgs(run).send(new ListParentsCommand({ ChildId: accountId })),
  );
  const source = parents[0]?.Id ?? '';
  if (source === destination) return `already in ${formatOuPath(to)}`;
  await run
    .retrying(() =>
      orgs(run).send(
        new MoveAccountCommand({ AccountId: accountId, SourceParentId: source, DestinationParentId: destination }),
      ),
    )
    .catch((error: unknown) => {
      if (!isAwsError(error, 'DuplicateAccountException')) throw error;
    });
  const account = run.snapshot.accounts.find((candidate) => candidate.id === accountId);
  if (account) account.parentId = destination;
  return `moved into ${formatOuPath(to)}`;
}

export async function tagAccount(run: ApplyRun, change: ChangeOf<'tag-account'>): Promise<string> {
  await run.retrying(() =>
    orgs(run).send(
      new TagResourceCommand({
        ResourceId: change.accountId,
        Tags: change.set.map((tag) => ({ Key: tag.key, Value: tag.value })),
      }),
    ),
  );
  return change.set.map((tag) => tag.key).join(', ');
}

/**
 * CloseAccount within AWS's limits: while three closures are in progress AWS refuses a fourth
 * (CLOSE_ACCOUNT_REQUESTS_LIMIT_EXCEEDED), so this waits and asks again; the 30-day quota is final.
 */
export async function closeAccount(run: ApplyRun, change: ChangeOf<'close-account'>): Promise<string> {
  try {
    await pRetry(() => orgs(run).send(new CloseAccountCommand({ AccountId: change.accountId })), {
      retries: Number.POSITIVE_INFINITY,
      factor: 1.5,
      minTimeout: run.timing.retryMinMs,
      maxTimeout: 30_000,
      maxRetryTime: run.timing.closeWaitMs,
      signal: run.ctx.signal,
      shouldRetry: ({ error }) =>
        (isAwsError(error, 'ConstraintViolationException') &&
          (error as { Reason?: string }).Reason === 'CLOSE_ACCOUNT_REQUESTS_LIMIT_EXCEEDED') ||
        isAwsError(error, 'TooManyRequestsException', 'ConcurrentModificationException'),
    });
  } catch (error) {
    if (isAwsError(error, 'AccountAlreadyClosedException', 'ConflictException')) return 'already closed or closing';
    if (
      isAwsError(error, 'ConstraintViolationException') &&
      (error as { Reason?: string }).Reason === 'CLOSE_ACCOUNT_QUOTA_EXCEEDED'
    )
      throw new AwsarchError(
        ERR.CLOSE_QUOTA,
        `AWS refuses to close ${change.name}: the organization used its closing quota for the last 30 days`,
        {
          hint: 'the account stays where it is; run `awsarch apply --prune` to move it to the suspended OU, or close it later',
        },
      );
    throw error;
  }
  return 'PENDING_CLOSURE (AWS closes it in a few minutes; it stays SUSPENDED for 90 days)';
}

export async function deleteOu(run: ApplyRun, change: ChangeOf<'delete-ou'>): Promise<string> {
  await run.retrying(() => orgs(run).send(new DeleteOrganizationalUnitCommand({ OrganizationalUnitId: change.ouId })));
  return `deleted ${change.ouId}`;
}
