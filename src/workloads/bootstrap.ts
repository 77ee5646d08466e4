import type { Toolkit } from '@aws-cdk/toolkit-lib';

export interface BootstrapRequest {
  /**
   * Managed policy ARNs for the role CloudFormation deploys with. Empty: the bootstrap stack keeps what it has,
   * and a new one gets AdministratorAccess (the toolkit warns; the IO bridge says it in awsarch's words).
   */
  readonly executionPolicies: readonly string[];
}

/**
 * Bootstraps one environment (the CDKToolkit stack); a no-op when it is up to date. Always executes: a dry run
 * reads the stack instead (bootstrap-check.ts), since even an unexecuted change set is a write.
 */
export async function bootstrapEnvironment(
  toolkit: Toolkit,
  environment: string,
  request: BootstrapRequest,
): Promise<'bootstrapped' | 'already-bootstrapped'> {
  const { BootstrapEnvironments, BootstrapStackParameters } = await import('@aws-cdk/toolkit-lib');
  const result = await toolkit.bootstrap(BootstrapEnvironments.fromList([environment]), {
    execute: true,
    ...(request.executionPolicies.length > 0
      ? {
          parameters: BootstrapStackParameters.withExisting({
            cloudFormationExecutionPolicies: [...request.executionPolicies],
          }),
        }
      : {}),
  });
  return result.environments.every((entry) => entry.status === 'no-op') ? 'already-bootstrapped' : 'bootstrapped';
}
