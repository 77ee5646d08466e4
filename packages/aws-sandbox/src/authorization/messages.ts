import type { Verdict } from './evaluate.js';

/**
 * AWS's wording: "User: ARN is not authorized to perform: ACTION on resource: ARN because no identity-based policy
 * allows the ACTION action", "... with an explicit deny in a service control policy: POLICY_ARN", and so on for
 * resource-based policies; EC2 puts "You are not authorized to perform this operation." in front.
 */
export function accessDeniedMessage(
  principalArn: string,
  action: string,
  resource: string,
  verdict: Extract<Verdict, { outcome: 'denied' }>,
  ec2Style = false,
): string {
  const onResource = resource === '*' ? '' : ` on resource: ${resource}`;
  const reason = verdict.explicit
    ? ` with an explicit deny in ${verdict.by === 'identity-based policy' ? 'an' : 'a'} ${verdict.by}${verdict.policyArn ? `: ${verdict.policyArn}` : ''}`
    : ` because no ${verdict.by} allows the ${action} action`;
  const message = `User: ${principalArn} is not authorized to perform: ${action}${onResource}${reason}`;
  return ec2Style ? `You are not authorized to perform this operation. ${message}` : message;
}
