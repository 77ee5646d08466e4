import {
  actionsNamed,
  ALL_ACTIONS,
  intersect,
  isEmpty,
  NO_ACTIONS,
  subtract,
  union,
  type ActionSet,
} from './action-sets.js';
import { FULL_AWS_ACCESS_NAME } from './scp-quotas.js';
import type { TargetType } from './simulate.js';

/** An SCP attached to a level, with its document (undefined when unknown: then it counts as allowing all). */
export interface LevelPolicy {
  name: string;
  content?: string;
}

/** A root, OU or account of the organization, with its parent (none for the root). */
export interface OrgNode {
  id: string;
  type: TargetType;
  /** For people: "root", "Workloads/Prod", "Dev (111122223333)". */
  label: string;
  parentId?: string;
}

/** What a plan changes on one target. */
export interface TargetChange {
  targetId: string;
  attach: string[];
  detach: string[];
  /** Policies attached there whose content the plan changes. */
  update: string[];
}

/**
 * Everything the lockout check needs, read once by the caller (`scp apply`, `awsarch plan`): the
 * organization's nodes, the SCPs of each node before and after the plan (a node that is absent has
 * FullAWSAccess only, as Organizations attaches it everywhere), the targets the plan changes, and the
 * IAM action universe (loadActionUniverse) for allow lists and NotAction.
 */
export interface LockoutInput {
  nodes: ReadonlyMap<string, OrgNode>;
  managementAccountId: string;
  before: ReadonlyMap<string, readonly LevelPolicy[]>;
  after: ReadonlyMap<string, readonly LevelPolicy[]>;
  changes: readonly TargetChange[];
  universe: readonly string[];
}

export interface Lockout {
  targetId: string;
  target: string;
  targetType: TargetType;
  /** The policies the plan attaches, updates or detaches there. */
  policies: string[];
  reason: 'deny-all' | 'no-allow';
  /** The member accounts that could do nothing at all any more (the management account is never affected). */
  accounts: Array<{ id: string; label: string }>;
  message: string;
}

interface LevelSets {
  allowed: ActionSet;
  /** Denied without a condition, on every resource. */
  denied: ActionSet;
  /** A policy that denies every action on every resource without a condition. */
  denyAll?: string;
}

interface StatementShape {
  Effect?: unknown;
  Action?: unknown;
  NotAction?: unknown;
  Resource?: unknown;
  NotResource?: unknown;
  Condition?: unknown;
}

const list = (value: unknown): string[] =>
  (Array.isArray(value) ? value : value === undefined ? [] : [value]).map(String);

function statementsOf(content: string): StatementShape[] | undefined {
  try {
    const document = JSON.parse(content) as { Statement?: unknown };
    const statements = Array.isArray(document.Statement) ? document.Statement : [document.Statement];
    return statements.filter((statement): statement is StatementShape => typeof statement === 'object' && !!statement);
  } catch {
    return undefined;
  }
}

/** A Deny applies to every principal and request only with no Condition, on every resource. */
function unconditionalEverywhere(statement: StatementShape): boolean {
  const conditional =
    statement.Condition !== undefined &&
    !(typeof statement.Condition === 'object' && Object.keys(statement.Condition as object).length === 0);
  if (conditional || statement.NotResource !== undefined) return false;
  return statement.Resource === undefined || list(statement.Resource).includes('*');
}

function namedActions(statement: StatementShape, universe: readonly string[]): ActionSet {
  return statement.NotAction !== undefined
    ? actionsNamed(list(statement.NotAction), true, universe)
    : actionsNamed(list(statement.Action), false, universe);
}

/**
 * Pure: what one level's SCPs allow and deny for certain. An Allow counts whatever its conditions (it
 * allows something to someone); a Deny counts only without a condition and on every resource.
 */
export function levelSets(policies: readonly LevelPolicy[], universe: readonly string[]): LevelSets {
  const size = universe.length;
  let allowed: ActionSet = NO_ACTIONS;
  let denied: ActionSet = NO_ACTIONS;
  let denyAll: string | undefined;
  for (const policy of policies) {
    const statements = policy.content === undefined ? undefined : statementsOf(policy.content);
    if (statements === undefined) {
      allowed = ALL_ACTIONS;
      continue;
    }
    for (const statement of statements) {
      if (statement.Effect === 'Allow') allowed = union(allowed, namedActions(statement, universe), size);
      else if (statement.Effect === 'Deny' && unconditionalEverywhere(statement)) {
        const actions = namedActions(statement, universe);
        if (actions.kind === 'all') denyAll ??= policy.name;
        denied = union(denied, actions, size);
      }
    }
  }
  return { allowed, denied, ...(denyAll ? { denyAll } : {}) };
}

const FULL_ACCESS_ONLY: readonly LevelPolicy[] = [
  { name: FULL_AWS_ACCESS_NAME, content: '{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}' },
];

/** Effective sets from the root down to a node, memoized per node for one side (before or after). */
class Evaluator {
  private readonly memo = new Map<string, { effective: ActionSet; denyAll?: string; levels: string[] }>();
  private readonly levels = new Map<string, LevelSets>();

  constructor(
    private readonly input: LockoutInput,
    private readonly attachments: ReadonlyMap<string, readonly LevelPolicy[]>,
  ) {}

  private level(nodeId: string): LevelSets {
    let sets = this.levels.get(nodeId);
    if (!sets) {
      sets = levelSets(this.attachments.get(nodeId) ?? FULL_ACCESS_ONLY, this.input.universe);
      this.levels.set(nodeId, sets);
    }
    return sets;
  }

  /** What survives every level from the root to the node: (allowed at each level) minus (denied at any). */
  at(nodeId: string): { effective: ActionSet; denyAll?: string; levels: string[] } {
    const known = this.memo.get(nodeId);
    if (known) return known;
    const node = this.input.nodes.get(nodeId);
    const parent = node?.parentId ? this.at(node.parentId) : { effective: ALL_ACTIONS, levels: [] as string[] };
    const sets = this.level(nodeId);
    const size = this.input.universe.length;
    const result = {
      effective: subtract(intersect(parent.effective, sets.allowed, size), sets.denied, size),
      denyAll: parent.denyAll ?? sets.denyAll,
      levels: [...parent.levels, node?.label ?? nodeId],
    };
    this.memo.set(nodeId, result);
    return result;
  }
}

/** Pure: the member accounts under a node (the node itself when it is an account). */
export function accountsUnder(
  nodes: ReadonlyMap<string, OrgNode>,
  nodeId: string,
  managementAccountId: string,
): OrgNode[] {
  const isBelow = (node: OrgNode): boolean => {
    for (
      let current: OrgNode | undefined = node;
      current;
      current = current.parentId ? nodes.get(current.parentId) : undefined
    )
      if (current.id === nodeId) return true;
    return false;
  };
  return [...nodes.values()]
    .filter((node) => node.type === 'ACCOUNT' && node.id !== managementAccountId && isBelow(node))
    .sort((a, b) => a.label.localeCompare(b.label));
}

/** Pure: whether the levels down to the target, after the plan, allow less than every action (then what is below matters). */
export function narrowsBelow(input: LockoutInput, targetId: string): boolean {
  return new Evaluator(input, input.after).at(targetId).effective.kind !== 'all';
}

function describeChange(change: TargetChange): string[] {
  return [
    ...change.attach.map((name) => `attaching ${name}`),
    ...change.update.map((name) => `updating ${name}`),
    ...change.detach.map((name) => `detaching ${name}`),
  ];
}

function accountsText(accounts: ReadonlyArray<{ label: string }>): string {
  if (accounts.length === 0) return 'every account moved there (it holds none yet)';
  const shown = accounts.slice(0, 10).map((account) => account.label);
  return `${accounts.length} account(s): ${shown.join(', ')}${accounts.length > shown.length ? `, and ${accounts.length - shown.length} more` : ''}`;
}

/**
 * Pure: the targets where the plan would leave member accounts unable to do anything at all: an
 * unconditional Deny of every action on every resource (it spares no principal), or no action allowed
 * at every level from the root down. Only what the plan changes is judged, and only accounts that could
 * still act before it, so an existing quarantine OU (Deny * on purpose) does not block unrelated plans.
 */
export function findLockouts(input: LockoutInput): Lockout[] {
  const before = new Evaluator(input, input.before);
  const after = new Evaluator(input, input.after);
  const lockouts: Lockout[] = [];
  for (const change of input.changes) {
    const node = input.nodes.get(change.targetId);
    if (!node) continue;
    const below = accountsUnder(input.nodes, node.id, input.managementAccountId);
    const atTarget = after.at(node.id);
    let locked: OrgNode[];
    let reason: Lockout['reason'];
    let cause: string | undefined;
    if (isEmpty(atTarget.effective) && !isEmpty(before.at(node.id).effective)) {
      locked = below;
      reason = atTarget.denyAll ? 'deny-all' : 'no-allow';
      cause = atTarget.denyAll;
    } else if (atTarget.effective.kind !== 'all') {
      locked = below.filter(
        (account) => isEmpty(after.at(account.id).effective) && !isEmpty(before.at(account.id).effective),
      );
      reason = locked.some((account) => after.at(account.id).denyAll) ? 'deny-all' : 'no-allow';
      cause = locked.map((account) => after.at(account.id).denyAll).find(Boolean);
      if (locked.length === 0) continue;
    } else {
      continue;
    }
    const policies = describeChange(change);
    const why =
      reason === 'deny-all'
        ? `${cause} denies every action on every resource without a condition, so no principal there could do anything`
        : `no action would be left allowed there: an action must be allowed by an SCP at every level from the root down (${atTarget.levels.join(' > ')}${locked.length === 1 && locked[0]?.id !== node.id ? ` > ${locked[0]?.label}` : ''}) and denied at none`;
    lockouts.push({
      targetId: node.id,
      target: node.label,
      targetType: node.type,
      policies: [...change.attach, ...change.update, ...change.detach],
      reason,
      accounts: locked.map((account) => ({ id: account.id, label: account.label })),
      message: `${policies.join(', ')} on ${node.label} would lock out ${accountsText(locked)}: ${why}`,
    });
  }
  return lockouts;
}
