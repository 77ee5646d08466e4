import { readOrganization } from '../accounts/org-reader.js';
import type { CommandContext } from '../core/context.js';
import { loadBundledTemplates } from './catalog.js';
import { listScps, readPolicyDetails, readTargetsOfPolicies, type PolicyTarget } from './deployed-state.js';
import { renderTemplate } from './render.js';
import { SCP_MAX_SIZE } from './scp-quotas.js';
import type { TargetType } from './simulate.js';
import { readOrganizationBasics } from './targets.js';

export interface BundledScpSummary {
  name: string;
  description: string;
  /** Size with the default parameters, after white space is removed. */
  size: number;
  sizeLimit: number;
  parameters: Array<{ name: string; type: string; description: string; default?: string | string[] }>;
}

export interface DeployedScpSummary {
  id: string;
  name: string;
  description: string;
  awsManaged: boolean;
  managedByAwsarch: boolean;
  attachedTo: Array<{ id: string; type: TargetType; label: string }>;
}

export interface ScpListResult {
  bundled: BundledScpSummary[];
  organization?: { id: string; scpEnabled: boolean; deployed: DeployedScpSummary[] };
}

/** The bundled templates (offline). */
export async function listBundled(): Promise<BundledScpSummary[]> {
  return (await loadBundledTemplates()).map(({ template }) => ({
    name: template.name,
    description: template.description,
    size: renderTemplate(template).size,
    sizeLimit: SCP_MAX_SIZE,
    parameters: Object.entries(template.parameters).map(([name, spec]) => ({
      name,
      type: spec.type,
      description: spec.description,
      default: spec.default,
    })),
  }));
}

/** Every SCP of the organization, whether awsarch manages it, and where it is attached (OU paths, account names). */
export async function listDeployed(ctx: CommandContext): Promise<NonNullable<ScpListResult['organization']>> {
  const [basics, snapshot, listed] = await Promise.all([
    readOrganizationBasics(ctx.aws),
    readOrganization(ctx.aws),
    listScps(ctx.aws),
  ]);
  const detailed = await readPolicyDetails(ctx.aws, listed, { tags: true, content: false });
  const targets = basics.scpEnabled
    ? await readTargetsOfPolicies(
        ctx.aws,
        detailed.map((policy) => policy.id),
      )
    : new Map();
  const label = (target: PolicyTarget) => {
    if (target.type === 'ROOT') return 'root';
    if (target.type === 'ACCOUNT') return `${target.name} (${target.id})`;
    return snapshot.ous.find((ou) => ou.id === target.id)?.path.join('/') ?? target.name;
  };
  return {
    id: basics.organizationId,
    scpEnabled: basics.scpEnabled,
    deployed: detailed.map((policy) => ({
      id: policy.id,
      name: policy.name,
      description: policy.description,
      awsManaged: policy.awsManaged,
      managedByAwsarch: policy.managed === true,
      attachedTo: (targets.get(policy.id) ?? []).map((target: PolicyTarget) => ({
        id: target.id,
        type: target.type,
        label: label(target),
      })),
    })),
  };
}
