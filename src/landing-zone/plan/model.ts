/** A root, OU or account as the plan names it: by path or name, since it may not exist yet. */
export type TargetRef =
  { type: 'root' } | { type: 'ou'; path: string[] } | { type: 'account'; name: string; accountId?: string };

/** Fields every change has: a key stable across runs, what it depends on, and whether it reverts drift. */
interface ChangeBase {
  /** e.g. "ou:Workloads/Prod", "account:Dev:move", "scp:RequireTags", "scp-target:root", "baseline:Dev". */
  key: string;
  /** Keys of changes that must succeed first (a failed dependency skips this change). */
  dependsOn: string[];
  /** Reverts something changed outside awsarch (an account moved, an SCP detached or edited, a step broken). */
  drift: boolean;
  /** Write calls the change makes (approximately, for the totals). */
  writes: number;
}

export type Change =
  | (ChangeBase & { kind: 'create-organization' })
  | (ChangeBase & { kind: 'enable-scps' })
  | (ChangeBase & { kind: 'create-ou'; path: string[] })
  | (ChangeBase & { kind: 'tag-ou'; path: string[]; ouId: string })
  | (ChangeBase & {
      kind: 'create-account';
      name: string;
      email: string;
      ou: string[];
      tags: Record<string, string>;
      /**
       * A creation for this name in progress (another run): apply waits for it and takes its account when it has
       * this e-mail (AWS shows the e-mail only then), otherwise it creates one.
       */
      requestId?: string;
    })
  | (ChangeBase & { kind: 'move-account'; name: string; accountId: string; from: string[]; to: string[] })
  | (ChangeBase & {
      kind: 'tag-account';
      name: string;
      accountId: string;
      /** Tags to set, with their current values (undefined: not set yet). */
      set: Array<{ key: string; value: string; was?: string }>;
    })
  | (ChangeBase & {
      kind: 'scp-policy';
      name: string;
      action: 'create' | 'update' | 'adopt';
      policyId?: string;
      contentChanged: boolean;
      descriptionChanged: boolean;
      size: number;
      /** The JSON diff of the content ("+ "/"- " lines). */
      diff: string[];
    })
  | (ChangeBase & {
      kind: 'scp-attachments';
      target: TargetRef;
      label: string;
      attach: string[];
      detach: string[];
      /** Every SCP attached directly afterwards. */
      after: string[];
    })
  | (ChangeBase & {
      kind: 'create-transit-gateway';
      name: string;
      owner: string;
      region: string;
      amazonSideAsn: number;
    })
  | (ChangeBase & {
      kind: 'log-archive-bucket';
      bucket: string;
      account: string;
      region: string;
      /** Create the bucket too, or only add the delivery statements to its policy. */
      create: boolean;
      /** Services whose delivery statements the policy lacks. */
      missing: string[];
    })
  | (ChangeBase & {
      kind: 'baseline';
      name: string;
      accountId?: string;
      baseline: string;
      /** The steps that change, each with what it does; for a new account every step of its baseline. */
      steps: Array<{ step: string; summary: string; changes: string[]; differences: string[] }>;
    })
  | (ChangeBase & {
      kind: 'baseline-organization';
      baseline: string;
      /** Organization-level work of the baseline's steps (e.g. designating the GuardDuty administrator). */
      steps: Array<{ step: string; changes: string[] }>;
    })
  | (ChangeBase & { kind: 'prune-move-account'; name: string; accountId: string; from: string[]; to: string[] })
  | (ChangeBase & { kind: 'close-account'; name: string; accountId: string; ou: string[] })
  | (ChangeBase & { kind: 'delete-ou'; path: string[]; ouId: string })
  | (ChangeBase & {
      kind: 'delete-scp';
      name: string;
      policyId: string;
      detachFrom: Array<{ id: string; label: string }>;
    });

export type ChangeKind = Change['kind'];

/** Something awsarch manages (it carries awsarch:managed) that the file no longer lists. */
export interface UnmanagedItem {
  type: 'account' | 'ou' | 'scp';
  name: string;
  id: string;
  /** For accounts and OUs: where it is. */
  ou?: string;
  /** What --prune would do, or why it cannot. */
  prune: string;
}

/** A reason the whole plan must not be applied (exit 2, nothing changed). */
export interface PlanRefusal {
  code: string;
  message: string;
  subject?: string;
}

/** A baseline step that cannot be planned or applied as things are (e.g. its prerequisite is missing). */
export interface PlanWarning {
  code: string;
  message: string;
}

export interface PlanTotals {
  changes: number;
  writes: number;
  drift: number;
  ous: { create: number; delete: number };
  accounts: { create: number; move: number; tag: number; close: number; unchanged: number };
  scps: { create: number; update: number; attach: number; detach: number; delete: number };
  baselines: { accounts: number; steps: number };
  prerequisites: number;
  unmanaged: number;
}

/** The plan: what apply would change, from what AWS says now. Pure data; the views make it text. */
export interface LandingZonePlan {
  /** Identifies this plan (a digest of its source and changes): journals and saved plans refer to it. */
  planId: string;
  createdAt: string;
  source: { path: string; sha256: string };
  organization: { id?: string; managementAccountId?: string; rootId?: string };
  options: { prune: boolean; close: boolean; adopt: boolean };
  /** In apply order; each carries a digest of itself for the stale check. */
  changes: Array<Change & { digest: string }>;
  unmanaged: UnmanagedItem[];
  refusals: PlanRefusal[];
  warnings: PlanWarning[];
  totals: PlanTotals;
}
