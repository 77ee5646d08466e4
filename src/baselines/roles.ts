import {
  AttachRolePolicyCommand,
  CreateRoleCommand,
  DetachRolePolicyCommand,
  GetRoleCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateRoleCommand,
} from '@aws-sdk/client-iam';
import { isAwsError } from '../aws/aws-errors.js';
import type { RolesParams } from './definition.js';
import {
  preparedError,
  type AccountTarget,
  type BaselineStep,
  type PlannedChange,
  type Prepared,
  type StepPlan,
} from './model.js';
import { accountLabel, resolveAccount, type BaselineRun } from './run-context.js';
import {
  decodePolicyDocument,
  describePolicy,
  policiesEqual,
  renderTrustPolicy,
  type PolicyDocument,
} from './trust-policy.js';

export interface RoleState {
  trustPolicy?: PolicyDocument;
  description?: string;
  maxSessionDuration?: number;
  managedPolicies: string[];
}

export interface RolesCurrent {
  /** By role name; absent roles are missing. */
  roles: Record<string, RoleState | undefined>;
}

export interface DesiredRole {
  name: string;
  description?: string;
  trustPolicy: PolicyDocument;
  trustedLabel: string;
  maxSessionDuration: number;
  managedPolicies: string[];
}

export interface RolesDesired {
  roles: DesiredRole[];
}

export type RolesChange =
  | (PlannedChange & { action: 'create-role'; role: string })
  | (PlannedChange & { action: 'update-trust-policy'; role: string })
  | (PlannedChange & { action: 'update-role'; role: string })
  | (PlannedChange & { action: 'attach-policy'; role: string; policyArn: string })
  | (PlannedChange & { action: 'detach-policy'; role: string; policyArn: string });

/** The trusted accounts by role name, resolved once per run. */
export type TrustedAccounts = Record<string, { id: string; label: string }>;

export async function prepareRoles(run: BaselineRun, params: RolesParams): Promise<Prepared<TrustedAccounts>> {
  try {
    const trusted = Object.fromEntries(
      params.roles.map((role) => {
        const account = resolveAccount(run, role.trustedAccount);
        return [
          role.name,
          {
            id: account.id,
            label: role.trustedAccount === 'management' ? `management (${account.id})` : accountLabel(account),
          },
        ];
      }),
    );
    const labels = [...new Set(Object.values(trusted).map((account) => account.label))];
    return { state: 'ok', summary: `trusting ${labels.join(', ')}`, differences: [], changes: [], shared: trusted };
  } catch (error) {
    return preparedError(`trusted account: ${(error as Error).message}`);
  }
}

async function readRole(target: AccountTarget, iam: IAMClient, name: string): Promise<RoleState | undefined> {
  let role;
  try {
    role = (await iam.send(new GetRoleCommand({ RoleName: name }))).Role;
  } catch (error) {
    if (isAwsError(error, 'NoSuchEntityException', 'NoSuchEntity')) return undefined;
    throw error;
  }
  const managedPolicies: string[] = [];
  let marker: string | undefined;
  do {
    const page = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: name, Marker: marker }));
    managedPolicies.push(...(page.AttachedPolicies ?? []).map((policy) => policy.PolicyArn ?? ''));
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
  return {
    trustPolicy: decodePolicyDocument(role?.AssumeRolePolicyDocument),
    description: role?.Description,
    maxSessionDuration: role?.MaxSessionDuration,
    managedPolicies,
  };
}

/** Reads each configured role (GetRole) and its attached managed policies. */
export async function readRoles(target: AccountTarget, params: RolesParams): Promise<RolesCurrent> {
  const iam = target.aws.client(IAMClient, { region: target.run.baseline.homeRegion });
  const states = await Promise.all(params.roles.map((role) => readRole(target, iam, role.name)));
  return { roles: Object.fromEntries(params.roles.map((role, i) => [role.name, states[i]])) };
}

/** Pure: every role exists with exactly its trust policy, its settings and exactly its managed policies. */
export function planRoles(current: RolesCurrent, desired: RolesDesired): StepPlan<RolesChange> {
  const changes: RolesChange[] = [];
  const differences: string[] = [];
  for (const role of desired.roles) {
    const state = current.roles[role.name];
    if (!state) {
      differences.push(`role ${role.name} does not exist`);
      changes.push({
        action: 'create-role',
        role: role.name,
        description: `create role ${role.name} trusted by ${role.trustedLabel}${role.trustPolicy.Statement.some((statement) => statement.Condition) ? ' with MFA' : ''}`,
      });
      for (const policyArn of role.managedPolicies)
        changes.push({
          action: 'attach-policy',
          role: role.name,
          policyArn,
          description: `attach ${policyArn} to ${role.name}`,
        });
      continue;
    }
    if (!state.trustPolicy || !policiesEqual(state.trustPolicy, role.trustPolicy)) {
      differences.push(
        `trust policy of ${role.name} is "${state.trustPolicy ? describePolicy(state.trustPolicy) : 'unreadable'}", expected "${describePolicy(role.trustPolicy)}"`,
      );
      changes.push({
        action: 'update-trust-policy',
        role: role.name,
        description: `restore the trust policy of ${role.name}`,
      });
    }
    if (
      state.maxSessionDuration !== role.maxSessionDuration ||
      (role.description !== undefined && state.description !== role.description)
    ) {
      differences.push(
        `${role.name} has ${state.maxSessionDuration !== role.maxSessionDuration ? `maximum session ${state.maxSessionDuration}s` : `description "${state.description ?? ''}"`}`,
      );
      changes.push({
        action: 'update-role',
        role: role.name,
        description: `reset the maximum session duration and description of ${role.name}`,
      });
    }
    for (const policyArn of role.managedPolicies.filter((arn) => !state.managedPolicies.includes(arn))) {
      differences.push(`${role.name} lacks ${policyArn}`);
      changes.push({
        action: 'attach-policy',
        role: role.name,
        policyArn,
        description: `attach ${policyArn} to ${role.name}`,
      });
    }
    for (const policyArn of state.managedPolicies.filter((arn) => !role.managedPolicies.includes(arn))) {
      differences.push(`${role.name} also has ${policyArn}`);
      changes.push({
        action: 'detach-policy',
        role: role.name,
        policyArn,
        description: `detach ${policyArn} from ${role.name}`,
      });
    }
  }
  if (changes.length === 0)
    return {
      state: 'ok',
      summary: `${desired.roles.map((role) => role.name).join(', ')}`,
      differences: [],
      changes: [],
    };
  const nothing = desired.roles.every((role) => !current.roles[role.name]);
  return {
    state: nothing ? 'missing' : 'drift',
    summary: nothing ? 'no baseline roles' : differences.join('; '),
    differences,
    changes,
  };
}

/** Creates and repairs the roles through IAM, in the plan's order. */
export async function applyRoles(target: AccountTarget, changes: RolesChange[], desired: RolesDesired): Promise<void> {
  const iam = target.aws.client(IAMClient, { region: target.run.baseline.homeRegion });
  const roles = new Map(desired.roles.map((role) => [role.name, role]));
  for (const change of changes) {
    const role = roles.get(change.role) as DesiredRole;
    const trust = JSON.stringify(role.trustPolicy);
    if (change.action === 'create-role') {
      const created = await iam
        .send(
          new CreateRoleCommand({
            RoleName: role.name,
            AssumeRolePolicyDocument: trust,
            Description: role.description,
            MaxSessionDuration: role.maxSessionDuration,
            Tags: [{ Key: 'awsarch:baseline', Value: target.run.baseline.name }],
          }),
        )
        .then(
          () => true,
          (error: unknown) => {
            if (isAwsError(error, 'EntityAlreadyExistsException', 'EntityAlreadyExists')) return false;
            throw error;
          },
        );
      if (!created) {
        // A racing run (or a retried request) created it since it was read: make it what the baseline wants.
        await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: role.name, PolicyDocument: trust }));
        await iam.send(
          new UpdateRoleCommand({
            RoleName: role.name,
            MaxSessionDuration: role.maxSessionDuration,
            Description: role.description,
          }),
        );
      }
    } else if (change.action === 'update-trust-policy') {
      await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: role.name, PolicyDocument: trust }));
    } else if (change.action === 'update-role') {
      await iam.send(
        new UpdateRoleCommand({
          RoleName: role.name,
          MaxSessionDuration: role.maxSessionDuration,
          Description: role.description,
        }),
      );
    } else if (change.action === 'attach-policy') {
      await iam.send(new AttachRolePolicyCommand({ RoleName: role.name, PolicyArn: change.policyArn }));
    } else {
      await iam.send(new DetachRolePolicyCommand({ RoleName: role.name, PolicyArn: change.policyArn }));
    }
  }
}

/** Step 5: cross-account roles with trust policies exactly as configured. */
export const rolesStep: BaselineStep<RolesParams, TrustedAccounts, RolesCurrent, RolesDesired, RolesChange> = {
  name: 'roles',
  prepare: prepareRoles,
  read: (target, params) => readRoles(target, params),
  desire: (_target, params, trusted) => ({
    roles: params.roles.map((role) => ({
      name: role.name,
      description: role.description,
      trustPolicy: renderTrustPolicy(trusted[role.name]?.id ?? '', role.requireMfa),
      trustedLabel: trusted[role.name]?.label ?? role.trustedAccount,
      maxSessionDuration: role.maxSessionDuration,
      managedPolicies: role.managedPolicies,
    })),
  }),
  plan: planRoles,
  apply: (target, changes, desired) => applyRoles(target, changes, desired),
};
