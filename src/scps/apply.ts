import {
  AttachPolicyCommand,
  CreatePolicyCommand,
  DetachPolicyCommand,
  EnablePolicyTypeCommand,
  ListTagsForResourceCommand,
  OrganizationsClient,
  paginateListPolicies,
  TagResourceCommand,
  UpdatePolicyCommand,
} from '@aws-sdk/client-organizations';
import { isAwsError, toAwsarchError } from '../aws/aws-errors.js';
import { collectPages } from '../aws/paginate.js';
import type { CommandContext } from '../core/context.js';
import { AwsarchError } from '../core/errors.js';
import { MANAGED_TAG } from './deployed-state.js';
import type { AttachmentRef, PolicyPlan, ScpPlan, TargetPlan } from './diff.js';
import type { RenderedScp } from './render.js';
import { SCP_MAX_ATTACHMENTS_PER_TARGET, SCP_POLICY_TYPE } from './scp-quotas.js';
import { ERR } from '../core/error-codes.js';

export type StepStatus = 'done' | 'unchanged' | 'failed' | 'skipped';

export interface PolicyOutcome {
  name: string;
  action: PolicyPlan['action'];
  status: StepStatus;
  policyId?: string;
  error?: string;
}

export interface TargetOutcome {
  target: string;
  targetId: string;
  attached: string[];
  detached: string[];
  status: StepStatus;
  error?: string;
}

export interface ApplyOutcome {
  enabledScps: boolean;
  policies: PolicyOutcome[];
  targets: TargetOutcome[];
}

/**
 * Carries out a plan that passed the guardrails: enables SCPs if needed, creates or updates each
 * policy (tagged awsarch:managed), then attaches and detaches per target (the client factory's scheduler
 * paces the calls).
 * One policy or target failing is reported and the others still complete; re-running converges.
 */
export async function executeScpPlan(
  ctx: CommandContext,
  plan: ScpPlan,
  rootId: string,
  desired: readonly RenderedScp[],
): Promise<ApplyOutcome> {
  const orgs = ctx.aws.client(OrganizationsClient);
  if (plan.enableScps) {
    const task = ctx.io.task('Enable service control policies in the root');
    try {
      await orgs.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: SCP_POLICY_TYPE }));
      task.succeed('FullAWSAccess is now attached to the root, every OU and every account');
    } catch (error) {
      if (!isAwsError(error, 'PolicyTypeAlreadyEnabledException')) {
        task.fail();
        throw toAwsarchError(error, 'Enabling SCPs');
      }
      task.skip('already enabled');
    }
  }

  const policyTask = ctx.io.task('Create or update the SCPs');
  const ids = new Map<string, string>();
  let done = 0;
  const policySteps = await Promise.allSettled(
    plan.policies.map(async (policy): Promise<PolicyOutcome> => {
      const rendered = desired.find((candidate) => candidate.name === policy.name) as RenderedScp;
      const outcome = await writePolicy(orgs, policy, rendered);
      if (outcome.policyId) ids.set(policy.name, outcome.policyId);
      policyTask.progress(++done, plan.policies.length, policy.name);
      return outcome;
    }),
  );
  const policies = policySteps.map((step, i): PolicyOutcome => {
    const policy = plan.policies[i] as PolicyPlan;
    if (step.status === 'fulfilled') return step.value;
    return {
      name: policy.name,
      action: policy.action,
      status: 'failed',
      policyId: policy.policyId,
      error: toAwsarchError(step.reason, `Writing SCP ${policy.name}`).message,
    };
  });
  const failedPolicies = policies.filter((policy) => policy.status === 'failed');
  if (failedPolicies.length) policyTask.fail(`${failedPolicies.length} failed`);
  else policyTask.succeed(summarizePolicies(policies));

  const changing = plan.targets.filter((target) => target.attach.length + target.detach.length > 0);
  const targetTask = ctx.io.task('Attach and detach');
  done = 0;
  const targetSteps = await Promise.allSettled(
    changing.map(async (target) => {
      const outcome = await updateTarget(orgs, target, ids);
      targetTask.progress(++done, changing.length, target.target.label);
      return outcome;
    }),
  );
  const targets: TargetOutcome[] = plan.targets.map((target) => {
    const index = changing.indexOf(target);
    const base = {
      target: target.target.label,
      targetId: target.target.id,
      attached: [] as string[],
      detached: [] as string[],
    };
    if (index < 0) return { ...base, status: 'unchanged' };
    const step = targetSteps[index];
    if (step?.status === 'fulfilled') return step.value;
    return {
      ...base,
      status: 'failed',
      error: toAwsarchError(step?.reason, `Updating the SCPs of ${target.target.label}`).message,
    };
  });
  const failedTargets = targets.filter((target) => target.status === 'failed');
  if (failedTargets.length) targetTask.fail(`${failedTargets.length} of ${changing.length} target(s) failed`);
  else if (changing.length === 0) targetTask.skip('every target already has its SCPs');
  else targetTask.succeed(`${changing.length} target(s) updated`);
  return { enabledScps: plan.enableScps, policies, targets };
}

/**
 * CreatePolicy met a same-named SCP created since the plan was read (a retried request, or a run without
 * the lease): when it is awsarch's own (tagged), it is made to match; otherwise it is left alone.
 */
async function adoptTwinPolicy(
  orgs: OrganizationsClient,
  policy: PolicyPlan,
  rendered: RenderedScp,
): Promise<PolicyOutcome> {
  const all = await collectPages(
    paginateListPolicies({ client: orgs }, { Filter: SCP_POLICY_TYPE }),
    (page) => page.Policies,
  );
  const found = all.find((candidate) => candidate.Name === rendered.name && !candidate.AwsManaged);
  const tags = found?.Id
    ? ((await orgs.send(new ListTagsForResourceCommand({ ResourceId: found.Id }))).Tags ?? [])
    : [];
  if (!found?.Id || !tags.some((tag) => tag.Key === MANAGED_TAG.Key && tag.Value === MANAGED_TAG.Value))
    throw new AwsarchError(
      ERR.SCP_NOT_MANAGED,
      `an SCP named ${rendered.name} appeared meanwhile and awsarch did not create it, so awsarch leaves it alone`,
    );
  await orgs.send(
    new UpdatePolicyCommand({ PolicyId: found.Id, Content: rendered.content, Description: rendered.description }),
  );
  return { name: policy.name, action: policy.action, policyId: found.Id, status: 'done' };
}

async function writePolicy(
  orgs: OrganizationsClient,
  policy: PolicyPlan,
  rendered: RenderedScp,
): Promise<PolicyOutcome> {
  const base = { name: policy.name, action: policy.action, policyId: policy.policyId };
  if (policy.action === 'unchanged') return { ...base, status: 'unchanged' };
  if (policy.action === 'conflict') return { ...base, status: 'skipped' };
  if (policy.action === 'create') {
    try {
      const { Policy: created } = await orgs.send(
        new CreatePolicyCommand({
          Name: rendered.name,
          Description: rendered.description,
          Content: rendered.content,
          Type: SCP_POLICY_TYPE,
          Tags: [MANAGED_TAG],
        }),
      );
      return { ...base, status: 'done', policyId: created?.PolicySummary?.Id };
    } catch (error) {
      if (!isAwsError(error, 'DuplicatePolicyException')) throw error;
      return adoptTwinPolicy(orgs, policy, rendered);
    }
  }
  if (policy.contentChanged || policy.descriptionChanged) {
    await orgs.send(
      new UpdatePolicyCommand({
        PolicyId: policy.policyId,
        ...(policy.contentChanged ? { Content: rendered.content } : {}),
        ...(policy.descriptionChanged ? { Description: rendered.description } : {}),
      }),
    );
  }
  if (policy.action === 'adopt')
    await orgs.send(new TagResourceCommand({ ResourceId: policy.policyId, Tags: [MANAGED_TAG] }));
  return { ...base, status: 'done' };
}

/**
 * Attaches before detaching, so a target is never left without the guardrail being replaced, unless
 * the quota of five would be exceeded in between; already attached / not attached count as done.
 */
async function updateTarget(
  orgs: OrganizationsClient,
  target: TargetPlan,
  ids: ReadonlyMap<string, string>,
): Promise<TargetOutcome> {
  const idOf = (ref: AttachmentRef) => {
    const id = ref.policyId ?? ids.get(ref.name);
    if (!id)
      throw new AwsarchError(ERR.SCP_POLICY_MISSING, `SCP ${ref.name} was not created, so it cannot be attached`);
    return id;
  };
  const attachIds = target.attach.map(idOf);
  const attach = async () => {
    for (const id of attachIds) {
      await orgs.send(new AttachPolicyCommand({ PolicyId: id, TargetId: target.target.id })).catch((error: unknown) => {
        if (!isAwsError(error, 'DuplicatePolicyAttachmentException')) throw error;
      });
    }
  };
  const detach = async () => {
    for (const ref of target.detach) {
      await orgs
        .send(new DetachPolicyCommand({ PolicyId: idOf(ref), TargetId: target.target.id }))
        .catch((error: unknown) => {
          if (!isAwsError(error, 'PolicyNotAttachedException')) throw error;
        });
    }
  };
  if (target.before.length + target.attach.length <= SCP_MAX_ATTACHMENTS_PER_TARGET) {
    await attach();
    await detach();
  } else {
    await detach();
    await attach();
  }
  return {
    target: target.target.label,
    targetId: target.target.id,
    attached: target.attach.map((ref) => ref.name),
    detached: target.detach.map((ref) => ref.name),
    status: 'done',
  };
}

function summarizePolicies(policies: readonly PolicyOutcome[]): string {
  const count = (action: string) =>
    policies.filter((policy) => policy.action === action && policy.status === 'done').length;
  const parts = [
    `${count('create')} created`,
    `${count('update') + count('adopt')} updated`,
    `${policies.filter((policy) => policy.status === 'unchanged').length} unchanged`,
  ];
  return parts.join(', ');
}
