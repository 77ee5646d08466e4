import type { BootstrapPlan } from '../../workloads/bootstrap-plan.js';

/** An execution policy list as people read it: the policy names, AdministratorAccess for none. */
function policies(arns: readonly string[]): string {
  return arns.length
    ? arns.map((arn) => arn.replace(/^arn:[^:]+:iam::aws:policy\//, '')).join(', ')
    : 'AdministratorAccess';
}

/**
 * What a dry run found about the bootstrap, in one line (`ACCOUNT/REGION` is `where`): with --bootstrap what it would
 * do (create, update and why, or nothing); without it, only when a deploy would need --bootstrap. Pure.
 */
export function bootstrapPlanLine(plan: BootstrapPlan, where: string): string | undefined {
  const stack = `${plan.stackName} in ${where}`;
  if (!plan.requested) {
    if (!plan.needsBootstrap) return undefined;
    return plan.deployedVersion === undefined
      ? `bootstrap: ${where} is not bootstrapped (no usable ${plan.stackName} stack): a deploy needs --bootstrap`
      : `bootstrap: ${stack} is at version ${plan.deployedVersion}, the stacks need ${plan.requiredVersion}: a deploy needs --bootstrap`;
  }
  switch (plan.action) {
    case 'create': {
      const why =
        plan.reasons[0] === 'review-in-progress'
          ? ' (its stack is REVIEW_IN_PROGRESS: a change set that was never executed)'
          : plan.reasons[0] === 'creation-failed'
            ? ' (replacing the stack that failed to create)'
            : '';
      const admin = plan.executionPolicies.length ? '' : ' (pass --execution-policy ARN to restrict it)';
      return `bootstrap: would create ${plan.stackName} (version ${plan.templateVersion}) in ${where}${why} with execution policy ${policies(plan.executionPolicies)}${admin}`;
    }
    case 'update': {
      const changes = [
        ...(plan.reasons.includes('outdated')
          ? [`from version ${plan.deployedVersion} to ${plan.templateVersion}`]
          : []),
        ...(plan.reasons.includes('execution-policies')
          ? [`execution policy ${policies(plan.deployedExecutionPolicies ?? [])} → ${policies(plan.executionPolicies)}`]
          : []),
      ];
      return `bootstrap: would update ${stack} ${changes.join(', ')}`;
    }
    case 'none':
      if (plan.reasons.includes('newer-than-toolkit'))
        return `bootstrap: ${stack} is at version ${plan.deployedVersion}, newer than this awsarch's CDK toolkit (${plan.templateVersion}): left as it is`;
      if (plan.reasons.includes('other-variant'))
        return `bootstrap: ${stack} is a customised bootstrap template (another variant): left as it is`;
      return `bootstrap: ${stack} is up to date (version ${plan.deployedVersion}, execution policy ${policies(plan.executionPolicies)})`;
  }
}
