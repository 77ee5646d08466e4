import { MSG } from '../core/message-codes.js';
import {
  ListParentsCommand,
  MoveAccountCommand,
  OrganizationsClient,
  paginateListPoliciesForTarget,
} from '@aws-sdk/client-organizations';
import { isAwsError, toAwsarchError } from '../aws/aws-errors.js';
import { collectPages } from '../aws/paginate.js';
import { confirmDestructive, type CommandContext } from '../core/context.js';
import { AwsarchError } from '../core/errors.js';
import { ERR } from '../core/error-codes.js';
import { findAccount } from './account-queries.js';
import type { OrgSnapshot } from './org-model.js';
import { readOrganization } from './org-reader.js';
import { formatOuPath, pathOfParent, resolveParent } from './ou-path.js';

const SCP_POLICY_TYPE = 'SERVICE_CONTROL_POLICY';

export interface MoveRequest {
  account: string;
  ou: string;
  dryRun: boolean;
}

export interface MoveResult {
  accountId: string;
  name: string;
  from: string;
  to: string;
  status: 'moved' | 'unchanged' | 'planned';
  /** SCPs that apply to the account only before the move (it loses their protection), and only after. */
  scps: { lost: string[]; gained: string[] };
}

/** The containers from the root down to (and including) a parent: their SCPs all apply below them. */
function chainOf(snapshot: OrgSnapshot, parentId: string): string[] {
  const chain: string[] = [];
  let current: string | undefined = parentId;
  while (current && current !== snapshot.root.id) {
    chain.unshift(current);
    current = snapshot.ous.find((ou) => ou.id === current)?.parentId;
  }
  return [snapshot.root.id, ...chain];
}

/** Pure: the SCP names inherited along one chain of containers but not the other. */
export function scpDifference(
  before: ReadonlyArray<readonly string[]>,
  after: ReadonlyArray<readonly string[]>,
): { lost: string[]; gained: string[] } {
  const a = new Set(before.flat());
  const b = new Set(after.flat());
  return { lost: [...a].filter((name) => !b.has(name)).sort(), gained: [...b].filter((name) => !a.has(name)).sort() };
}

/**
 * `account move`: moves an account into an OU. The SCPs it would stop inheriting are named, and a
 * move that takes guardrails away needs confirmation (--yes in a pipeline).
 */
export async function moveAccount(ctx: CommandContext, request: MoveRequest): Promise<MoveResult> {
  const orgs = ctx.aws.client(OrganizationsClient);
  const snapshot = await readOrganization(ctx.aws);
  const account = findAccount(snapshot, request.account, {});
  const target = resolveParent(snapshot, request.ou);
  const { Parents: parents = [] } = await orgs
    .send(new ListParentsCommand({ ChildId: account.id }))
    .catch((error: unknown) => Promise.reject(toAwsarchError(error, `Reading where ${account.name} is`)));
  const source = parents[0]?.Id ?? account.parentId;
  const base = {
    accountId: account.id,
    name: account.name,
    from: formatOuPath(pathOfParent(snapshot, source) ?? []),
    to: formatOuPath(target.path),
  };
  const sourceChain = chainOf(snapshot, source);
  const targetChain = chainOf(snapshot, target.id);
  const containers = [...new Set([...sourceChain, ...targetChain])];
  const policies = await Promise.all(
    containers.map(async (id) => {
      try {
        return (
          await collectPages(
            paginateListPoliciesForTarget({ client: orgs }, { TargetId: id, Filter: SCP_POLICY_TYPE }),
            (page) => page.Policies,
          )
        ).map((policy) => policy.Name ?? '');
      } catch (error) {
        if (isAwsError(error, 'PolicyTypeNotEnabledException')) return [];
        throw toAwsarchError(error, `Reading the SCPs of ${id}`);
      }
    }),
  );
  const byId = new Map(containers.map((id, i) => [id, policies[i] ?? []]));
  const scps = scpDifference(
    sourceChain.map((id) => byId.get(id) ?? []),
    targetChain.map((id) => byId.get(id) ?? []),
  );
  if (source === target.id) return { ...base, status: 'unchanged', scps };
  if (request.dryRun) return { ...base, status: 'planned', scps };
  if (scps.lost.length > 0) {
    ctx.io.warn(
      MSG.ACCOUNT_MOVE_LOSES_SCPS,
      `${account.name} would no longer be under ${scps.lost.join(', ')} (SCPs of ${base.from} and above)`,
      scps,
    );
    const confirmed = await confirmDestructive(
      ctx,
      `Move ${account.name} (${account.id}) from ${base.from} to ${base.to}, out from under ${scps.lost.join(', ')}?`,
    );
    if (!confirmed) throw new AwsarchError(ERR.CANCELLED, 'cancelled; nothing was changed');
  }
  try {
    await orgs.send(
      new MoveAccountCommand({ AccountId: account.id, SourceParentId: source, DestinationParentId: target.id }),
    );
  } catch (error) {
    if (!isAwsError(error, 'DuplicateAccountException')) throw toAwsarchError(error, `Moving ${account.name}`);
  }
  return { ...base, status: 'moved', scps };
}
