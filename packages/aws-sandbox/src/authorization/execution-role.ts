import { authorizeAction, type AuthorizationDecision } from '../authorization.js';
import type { SandboxState } from '../state.js';
import type { Caller } from '../types.js';

/** What Lambda calls to hand a record to a dead-letter queue or destination, by the target's ARN. */
export interface DestinationCall {
  /** IAM action, e.g. 'sqs:SendMessage'. */
  readonly action: string;
  /** The API call and service as Lambda names them in its errors: "SendMessage on SQS". */
  readonly operation: string;
  readonly service: string;
}

/**
 * The call for each kind of target Lambda sends to (Lambda Developer Guide, "Capturing records of asynchronous
 * invocations": the execution role needs sqs:SendMessage, sns:Publish, lambda:InvokeFunction or events:PutEvents
 * on the destination; "Dead-letter queues": sqs:SendMessage or sns:Publish). Undefined for anything else.
 */
export function destinationCall(targetArn: string): DestinationCall | undefined {
  const service = /^arn:aws[a-z-]*:([a-z0-9-]+):/.exec(targetArn)?.[1];
  if (service === 'sqs') return { action: 'sqs:SendMessage', operation: 'SendMessage', service: 'SQS' };
  if (service === 'sns') return { action: 'sns:Publish', operation: 'Publish', service: 'SNS' };
  if (service === 'lambda') return { action: 'lambda:InvokeFunction', operation: 'InvokeFunction', service: 'Lambda' };
  if (service === 'events') return { action: 'events:PutEvents', operation: 'PutEvents', service: 'EventBridge' };
  return undefined;
}

/** The function whose execution role acts: its account, Region, name and role ARN. */
export interface ExecutionRoleOwner {
  readonly accountId: string;
  readonly name: string;
  readonly role: string;
}

/**
 * Whether the function's execution role may make the call that delivers to the target, judged as AWS judges any
 * call of a session of that role: its identity policies, the SCPs on its account's path, and the target's resource
 * policy (which another account's target needs). A role that is missing, or not in the function's account, may
 * do nothing.
 */
export async function executionRoleMay(
  state: SandboxState,
  fn: ExecutionRoleOwner,
  targetArn: string,
): Promise<AuthorizationDecision> {
  const call = destinationCall(targetArn);
  const match = /^arn:aws[a-z-]*:iam::(\d{12}):role\/(?:.*\/)?([\w+=,.@-]{1,64})$/.exec(fn.role);
  if (!call || !match || match[1] !== fn.accountId)
    return { allowed: false, message: `The execution role ${fn.role} cannot act for ${fn.name}` };
  const roleName = match[2] as string;
  const sessionName = fn.name.slice(0, 64);
  const caller: Caller = {
    accountId: fn.accountId,
    principalArn: `arn:aws:sts::${fn.accountId}:assumed-role/${roleName}/${sessionName}`,
    userId: `${roleName}:${sessionName}`,
    accessKeyId: '',
    session: { roleArn: fn.role, roleName, sessionName, expiresAt: Number.MAX_SAFE_INTEGER },
  };
  // Lambda calls the target in the target's Region; an SCP limiting Regions (aws:RequestedRegion) sees that one.
  const region = targetArn.split(':')[3] ?? '';
  return authorizeAction({
    caller,
    state,
    action: call.action,
    resources: [{ arn: targetArn, context: { 'aws:RequestedRegion': region } }],
  });
}

/**
 * Lambda's answer to CreateFunction/UpdateFunctionConfiguration (a DeadLetterConfig) and
 * PutFunctionEventInvokeConfig (a destination) when the execution role cannot make the call:
 * InvalidParameterValueException "The provided execution role does not have permissions to call SendMessage on SQS".
 * Undefined when it can.
 */
export async function executionRoleRefusal(
  state: SandboxState,
  fn: ExecutionRoleOwner,
  targetArn: string,
): Promise<string | undefined> {
  const call = destinationCall(targetArn);
  if (!call) return undefined;
  const decision = await executionRoleMay(state, fn, targetArn);
  return decision.allowed
    ? undefined
    : `The provided execution role does not have permissions to call ${call.operation} on ${call.service}`;
}
