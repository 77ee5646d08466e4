import {
  AttachPolicyCommand,
  CreatePolicyCommand,
  DeletePolicyCommand,
  DetachPolicyCommand,
  EnablePolicyTypeCommand,
  OrganizationsClient,
  paginateListPolicies,
  TagResourceCommand,
  UpdatePolicyCommand,
} from '@aws-sdk/client-organizations';
import { isAwsError } from '../../aws/aws-errors.js';
import { collectPages } from '../../aws/paginate.js';
import { AwsarchError } from '../../core/errors.js';
import { ERR } from '../../core/error-codes.js';
import type { RenderedScp } from '../../scps/render.js';
import {
  FULL_AWS_ACCESS_ID,
  FULL_AWS_ACCESS_NAME,
  SCP_MAX_ATTACHMENTS_PER_TARGET,
  SCP_POLICY_TYPE,
} from '../../scps/scp-quotas.js';
import { scpContentDigest } from '../plan/keys.js';
import type { Change, TargetRef } from '../plan/model.js';
import { CONTENT_TAG_KEY, MANAGED_TAG_KEY, MANAGED_TAG_VALUE } from '../spec.js';
import type { ApplyRun } from './run.js';

type ChangeOf<K extends Change['kind']> = Extract<Change, { kind: K }>;
const orgs = (run: ApplyRun) => run.ctx.aws.client(OrganizationsClient);

export async function enableScps(run: ApplyRun): Promise<string> {
  try {
    await run.retrying(() =>
      orgs(run).send(new EnablePolicyTypeCommand({ RootId: run.rootId, PolicyType: SCP_POLICY_TYPE })),
    );
  } catch (error) {
    if (isAwsError(error, 'PolicyTypeAlreadyEnabledException')) return 'already enabled';
    throw error;
  }
  return 'FullAWSAccess is now on the root, every OU and every account';
}

function rendered(run: ApplyRun, name: string): RenderedScp {
  const policy = run.spec.scps?.rendered.find((candidate) => candidate.name === name);
  if (!policy) throw new AwsarchError(ERR.LANDING_ZONE_MISSING_SCP, `SCP ${name} is not in the landing-zone file`);
  return policy;
}

/** Tags marking the SCP as awsarch's, with the digest of what it uploads (an edit outside awsarch then shows as drift). */
function policyTags(policy: RenderedScp) {
  return [
    { Key: MANAGED_TAG_KEY, Value: MANAGED_TAG_VALUE },
    { Key: CONTENT_TAG_KEY, Value: scpContentDigest(policy.content, policy.description) },
  ];
}

/** Creates, updates or adopts one SCP; a same-named one created meanwhile by awsarch is updated instead. */
export async function writeScp(run: ApplyRun, change: ChangeOf<'scp-policy'>): Promise<string> {
  const policy = rendered(run, change.name);
  let policyId = change.policyId;
  if (change.action === 'create') {
    try {
      const { Policy: created } = await run.retrying(() =>
        orgs(run).send(
          new CreatePolicyCommand({
            Name: policy.name,
            Description: policy.description,
            Content: policy.content,
            Type: SCP_POLICY_TYPE,
            Tags: policyTags(policy),
          }),
        ),
      );
      policyId = created?.PolicySummary?.Id ?? '';
      run.policyIds.set(change.name, policyId);
      return policyId;
    } catch (error) {
      if (!isAwsError(error, 'DuplicatePolicyException')) throw error;
      // Created by an interrupted run of this apply: find it and make sure it is what the file says.
      const listed = await collectPages(
        paginateListPolicies({ client: orgs(run) }, { Filter: SCP_POLICY_TYPE }),
        (page) => page.Policies,
      );
      policyId = listed.find((candidate) => candidate.Name === policy.name)?.Id;
      if (!policyId) throw error;
    }
  }
  const id = policyId ?? '';
  await run.retrying(() =>
    orgs(run).send(new UpdatePolicyCommand({ PolicyId: id, Content: policy.content, Description: policy.description })),
  );
  await run.retrying(() => orgs(run).send(new TagResourceCommand({ ResourceId: id, Tags: policyTags(policy) })));
  run.policyIds.set(change.name, id);
  return change.action === 'adopt' ? `adopted ${id}` : `updated ${id}`;
}

/** The live id of an SCP target: the root, an OU path, or an account of the file. */
function targetId(run: ApplyRun, target: TargetRef): string {
  if (target.type === 'root') return run.rootId;
  if (target.type === 'ou') return run.ouId(target.path);
  return target.accountId ?? run.accountId(target.name);
}

function policyId(run: ApplyRun, name: string): string {
  if (name === FULL_AWS_ACCESS_NAME) return FULL_AWS_ACCESS_ID;
  const id = run.policyIds.get(name);
  if (!id)
    throw new AwsarchError(ERR.LANDING_ZONE_MISSING_SCP, `SCP ${name} was not created, so it cannot be attached`);
  return id;
}

/**
 * Attaches before detaching, so a target is never left without the guardrail that replaces another,
 * unless AWS's five per target would be exceeded in between; already (not) attached counts as done.
 */
export async function updateAttachments(run: ApplyRun, change: ChangeOf<'scp-attachments'>): Promise<string> {
  const target = targetId(run, change.target);
  const attach = async () => {
    for (const name of change.attach) {
      const id = policyId(run, name);
      await run
        .retrying(
          () => orgs(run).send(new AttachPolicyCommand({ PolicyId: id, TargetId: target })),
          run.timing.settleMs,
        )
        .catch((error: unknown) => {
          if (!isAwsError(error, 'DuplicatePolicyAttachmentException')) throw error;
        });
    }
  };
  const detach = async () => {
    for (const name of change.detach) {
      const id = policyId(run, name);
      await run
        .retrying(() => orgs(run).send(new DetachPolicyCommand({ PolicyId: id, TargetId: target })))
        .catch((error: unknown) => {
          if (!isAwsError(error, 'PolicyNotAttachedException')) throw error;
        });
    }
  };
  const before = change.after.length - change.attach.length + change.detach.length;
  if (before + change.attach.length <= SCP_MAX_ATTACHMENTS_PER_TARGET) {
    await attach();
    await detach();
  } else {
    await detach();
    await attach();
  }
  return [...change.attach.map((name) => `+${name}`), ...change.detach.map((name) => `-${name}`)].join(' ');
}

/** --prune: detaches an SCP awsarch no longer declares from everywhere, then deletes it. */
export async function deleteScp(run: ApplyRun, change: ChangeOf<'delete-scp'>): Promise<string> {
  for (const target of change.detachFrom) {
    await run
      .retrying(() => orgs(run).send(new DetachPolicyCommand({ PolicyId: change.policyId, TargetId: target.id })))
      .catch((error: unknown) => {
        if (!isAwsError(error, 'PolicyNotAttachedException', 'TargetNotFoundException')) throw error;
      });
  }
  await run
    .retrying(() => orgs(run).send(new DeletePolicyCommand({ PolicyId: change.policyId })))
    .catch((error: unknown) => {
      if (!isAwsError(error, 'PolicyNotFoundException')) throw error;
    });
  return `deleted ${change.policyId}`;
}
