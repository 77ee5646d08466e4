import type { CommandContext } from '../core/context.js';
import { levelsForAccount, readOrganizationScps } from './organization-levels.js';
import { evaluateScps, type ScpDecision, type ScpLevel } from './simulate.js';
import { checkActionName } from './action-name.js';
import { assertActionFormat, buildScpRequest, type TestInput } from './test-request.js';

/** The answer to one `scp test` question. */
export interface ScpTestResult {
  account: { id: string; name?: string };
  principal: string;
  action: string;
  resource: string;
  decision: 'Allowed' | 'Denied';
  /** Why it was allowed without evaluation (SCPs disabled, management account), if so. */
  note?: string;
  deniedBy?: { policy?: string; policyId?: string; attachedTo: string; sid?: string; kind: 'explicit' | 'implicit' };
  reason?: string;
  levels: Array<{ id: string; name: string; policies: string[] }>;
  ignoredContextKeys: string[];
}

/** Pure apart from the evaluator: one request against known levels. */
export async function evaluateTestInput(
  levels: readonly ScpLevel[],
  input: TestInput,
  account: { id: string; name?: string },
): Promise<ScpTestResult> {
  const request = buildScpRequest(input);
  const decision: ScpDecision = await evaluateScps(levels, request);
  const denial = decision.denial;
  return {
    account,
    principal: request.principalArn,
    action: request.action,
    resource: request.resource,
    decision: decision.decision,
    ...(denial
      ? {
          deniedBy: {
            policy: denial.policy?.name,
            policyId: denial.policy?.id,
            attachedTo: denial.level.name,
            sid: denial.sid,
            kind: denial.kind,
          },
          reason: denial.reason,
        }
      : {}),
    levels: levels.map((level) => ({
      id: level.id,
      name: level.name,
      policies: level.policies.map((policy) => policy.name),
    })),
    ignoredContextKeys: decision.ignoredContextKeys,
  };
}

/** `scp test --account`: every SCP on the account's path from the root, as deployed in the organization. */
export async function testAgainstOrganization(
  ctx: CommandContext,
  accountKey: string,
  input: Omit<TestInput, 'accountId'>,
): Promise<ScpTestResult> {
  assertActionFormat(input.action);
  await checkActionName(input.action);
  const org = await readOrganizationScps(ctx.aws);
  const { account, levels } = await levelsForAccount(ctx.aws, org, accountKey);
  const accountRef = { id: account.id, name: account.name };
  const request = buildScpRequest({ ...input, accountId: account.id, organizationId: org.basics.organizationId });
  const unevaluated = (note: string): ScpTestResult => ({
    account: accountRef,
    principal: request.principalArn,
    action: request.action,
    resource: request.resource,
    decision: 'Allowed',
    note,
    levels: levels.map((level) => ({
      id: level.id,
      name: level.name,
      policies: level.policies.map((policy) => policy.name),
    })),
    ignoredContextKeys: [],
  });
  if (account.id === org.basics.managementAccountId) return unevaluated('SCPs never restrict the management account');
  if (!org.basics.scpEnabled) return unevaluated('SCPs are not enabled in this organization, so none applies');
  return evaluateTestInput(
    levels,
    { ...input, accountId: account.id, organizationId: org.basics.organizationId },
    accountRef,
  );
}
