import { ERR } from '../core/error-codes.js';
import { usageError } from '../core/errors.js';

/** An IAM managed policy ARN: AWS managed (`iam::aws:policy/…`) or customer managed (`iam::123456789012:policy/…`). */
const MANAGED_POLICY_ARN = /^arn:aws(-[a-z]+)*:iam::(aws|\d{12}):policy\/[\w+=,.@/-]+$/;

/** Checks each --execution-policy value is a managed policy ARN, given with --bootstrap (else exit 2). Pure. */
export function parseExecutionPolicies(values: readonly string[], bootstrap: boolean): string[] {
  if (values.length > 0 && !bootstrap) {
    throw usageError(
      ERR.BAD_EXECUTION_POLICY,
      '--execution-policy sets the policies of a bootstrap, and this deploy does not bootstrap',
      'add --bootstrap (an environment already bootstrapped is updated to the given policies)',
    );
  }
  for (const value of values) {
    if (!MANAGED_POLICY_ARN.test(value)) {
      throw usageError(
        ERR.BAD_EXECUTION_POLICY,
        `--execution-policy "${value}" is not an IAM managed policy ARN`,
        'pass an ARN such as arn:aws:iam::aws:policy/PowerUserAccess or arn:aws:iam::123456789012:policy/cdk-deploy',
      );
    }
  }
  return [...new Set(values)];
}
