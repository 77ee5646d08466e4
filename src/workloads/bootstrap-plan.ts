/** The bootstrap stack's name the CDK toolkit deploys and looks up (awsarch does not change it). */
export const BOOTSTRAP_STACK_NAME = 'CDKToolkit';

/** The variant of the CDK's own bootstrap template (its BootstrapVariant parameter's default). */
const DEFAULT_VARIANT = 'AWS CDK: Default Resources';

/** The bootstrap stack as CloudFormation describes it (DescribeStacks). */
export interface DeployedBootstrapStack {
  readonly status: string;
  readonly outputs: Readonly<Record<string, string>>;
  readonly parameters: Readonly<Record<string, string>>;
}

/** What the bootstrap template the bundled CDK toolkit deploys says about itself. */
export interface BootstrapTemplateFacts {
  readonly version: number;
  readonly variant: string;
}

/**
 * Why a bootstrap would do what it would do: `missing` (no stack), `review-in-progress` (a stack holding only a
 * change set never executed), `creation-failed` (the toolkit deletes and recreates it), `outdated` (its version is
 * older than the template's), `execution-policies` (--execution-policy differs from the stack's), `up-to-date`,
 * `newer-than-toolkit` (the toolkit never downgrades), `other-variant` (the toolkit never overwrites a customised
 * template).
 */
export type BootstrapReason =
  | 'missing'
  | 'review-in-progress'
  | 'creation-failed'
  | 'outdated'
  | 'execution-policies'
  | 'up-to-date'
  | 'newer-than-toolkit'
  | 'other-variant';

/** What `deploy --bootstrap` would do to the bootstrap stack, decided from reads only. */
export interface BootstrapPlan {
  readonly stackName: string;
  /** --bootstrap was given: a deploy would run this plan. */
  readonly requested: boolean;
  readonly action: 'create' | 'update' | 'none';
  readonly reasons: BootstrapReason[];
  /** The BootstrapVersion of the template the bundled toolkit deploys. */
  readonly templateVersion: number;
  /** The stack's BootstrapVersion output (absent when there is no usable stack). */
  readonly deployedVersion?: number;
  /** The stack's CloudFormationExecutionPolicies ([] = AdministratorAccess), absent when there is no usable stack. */
  readonly deployedExecutionPolicies?: string[];
  /** The execution policies after a bootstrap ([] = AdministratorAccess). */
  readonly executionPolicies: string[];
  /** The lowest bootstrap version the workload's stacks accept (absent: they need no bootstrap). */
  readonly requiredVersion?: number;
  /** A deploy without --bootstrap would fail: no usable stack, or one older than the stacks need. */
  readonly needsBootstrap: boolean;
}

export interface BootstrapPlanRequest {
  readonly requested: boolean;
  /** --execution-policy ARNs ([]: a bootstrap keeps the stack's, a new stack gets AdministratorAccess). */
  readonly executionPolicies: readonly string[];
  readonly requiredVersion?: number;
}

/**
 * Decides what a bootstrap would do, as the CDK toolkit decides it: a stack that is absent, never created
 * (REVIEW_IN_PROGRESS) or failed to create is created; a customised variant or a newer version is left alone; an
 * older version, or execution policies that differ from the stack's (compared as the toolkit's parameter is, in
 * order), is updated; otherwise nothing changes. Pure.
 */
export function planBootstrap(
  deployed: DeployedBootstrapStack | undefined,
  template: BootstrapTemplateFacts,
  request: BootstrapPlanRequest,
): BootstrapPlan {
  const common = {
    stackName: BOOTSTRAP_STACK_NAME,
    requested: request.requested,
    templateVersion: template.version,
    ...(request.requiredVersion !== undefined ? { requiredVersion: request.requiredVersion } : {}),
  };
  const absence = absenceReason(deployed);
  if (absence || !deployed) {
    return {
      ...common,
      action: 'create',
      reasons: [absence ?? 'missing'],
      executionPolicies: [...request.executionPolicies],
      needsBootstrap: request.requiredVersion !== undefined,
    };
  }
  const deployedVersion = versionOf(deployed);
  const deployedExecutionPolicies = splitList(deployed.parameters.CloudFormationExecutionPolicies);
  const executionPolicies = request.executionPolicies.length
    ? [...request.executionPolicies]
    : deployedExecutionPolicies;
  const existing = {
    ...common,
    deployedVersion,
    deployedExecutionPolicies,
    needsBootstrap: request.requiredVersion !== undefined && deployedVersion < request.requiredVersion,
  };
  const variant = deployed.parameters.BootstrapVariant ?? DEFAULT_VARIANT;
  // The toolkit refuses these two (a warning, no change): the stack keeps its policies too.
  if (variant !== template.variant) {
    return { ...existing, action: 'none', reasons: ['other-variant'], executionPolicies: deployedExecutionPolicies };
  }
  if (deployedVersion > template.version) {
    return {
      ...existing,
      action: 'none',
      reasons: ['newer-than-toolkit'],
      executionPolicies: deployedExecutionPolicies,
    };
  }
  const reasons: BootstrapReason[] = [];
  if (deployedVersion < template.version) reasons.push('outdated');
  if (executionPolicies.join(',') !== deployedExecutionPolicies.join(',')) reasons.push('execution-policies');
  return reasons.length
    ? { ...existing, action: 'update', reasons, executionPolicies }
    : { ...existing, action: 'none', reasons: ['up-to-date'], executionPolicies };
}

/** Why a described stack counts as no bootstrap at all (the toolkit creates it anew), or undefined. */
function absenceReason(deployed: DeployedBootstrapStack | undefined): BootstrapReason | undefined {
  if (!deployed || deployed.status.startsWith('DELETE_')) return 'missing';
  if (deployed.status === 'REVIEW_IN_PROGRESS') return 'review-in-progress';
  if (deployed.status === 'ROLLBACK_COMPLETE' || deployed.status === 'ROLLBACK_FAILED') return 'creation-failed';
  return undefined;
}

/** The stack's BootstrapVersion output; 0 without one, as the toolkit reads it. */
function versionOf(deployed: DeployedBootstrapStack): number {
  const version = Number.parseInt(deployed.outputs.BootstrapVersion ?? '0', 10);
  return Number.isNaN(version) ? 0 : version;
}

/** A CommaDelimitedList parameter's value; '' is an empty list. */
function splitList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
}

/**
 * The version and variant a bootstrap template declares: its BootstrapVersion output (else the CdkBootstrapVersion
 * SSM parameter's value) and its BootstrapVariant parameter's default. Undefined when it declares no version. Pure.
 */
export function bootstrapTemplateFacts(template: unknown): BootstrapTemplateFacts | undefined {
  const doc = (template ?? {}) as {
    Outputs?: { BootstrapVersion?: { Value?: unknown } };
    Resources?: { CdkBootstrapVersion?: { Properties?: { Value?: unknown } } };
    Parameters?: { BootstrapVariant?: { Default?: unknown } };
  };
  for (const source of [doc.Outputs?.BootstrapVersion?.Value, doc.Resources?.CdkBootstrapVersion?.Properties?.Value]) {
    const version = typeof source === 'number' ? source : typeof source === 'string' ? Number(source) : Number.NaN;
    if (Number.isInteger(version) && version > 0) {
      const variant = doc.Parameters?.BootstrapVariant?.Default;
      return { version, variant: typeof variant === 'string' ? variant : DEFAULT_VARIANT };
    }
  }
  return undefined;
}
