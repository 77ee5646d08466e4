import {
  ListPoliciesCommand,
  ListPoliciesForTargetCommand,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import type { ScpPlanRequest } from '../../src/scps/plan-actions.js';
import { SANDBOX_CREDENTIALS, type RunningSandbox } from '@awsarch/aws-sandbox';
import { testContext } from '../helpers/context.js';
import {
  organizationWithMember,
  type ScpOrganization,
} from '../../packages/aws-sandbox/test/fixtures/scp-organization.js';
import { organizationsClient, startTestSandbox } from '../../packages/aws-sandbox/test/helpers.js';

// What the scp apply tests share: a sandbox organization with a member, a context on it, a request, and
// a snapshot of the SCPs and their attachments.

export const LAYOUT = 'templates/landing-zone.yaml';
export const SCP = 'SERVICE_CONTROL_POLICY' as const;

export function contextFor(sandbox: RunningSandbox) {
  return testContext({
    target: { endpoint: sandbox.endpoint, credentials: SANDBOX_CREDENTIALS },
    options: { yes: true },
  });
}

export const request = (overrides: Partial<ScpPlanRequest>): ScpPlanRequest => ({
  targets: [],
  policies: [],
  params: [],
  exclusive: false,
  adopt: false,
  ...overrides,
});

export async function snapshotOf(client: OrganizationsClient, targets: string[]) {
  const policies = (await client.send(new ListPoliciesCommand({ Filter: SCP }))).Policies?.map((policy) => policy.Name);
  const attached = await Promise.all(
    targets.map(async (target) =>
      (await client.send(new ListPoliciesForTargetCommand({ TargetId: target, Filter: SCP }))).Policies?.map(
        (policy) => policy.Name,
      ),
    ),
  );
  return { policies, attached };
}

export async function setUp(): Promise<{ sandbox: RunningSandbox; client: OrganizationsClient; org: ScpOrganization }> {
  const sandbox = await startTestSandbox();
  const client = organizationsClient(sandbox);
  const org = await organizationWithMember(client, { enableScps: false });
  return { sandbox, client, org };
}
