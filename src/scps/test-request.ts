import { usageError } from '../core/errors.js';
import type { ScpRequest } from './simulate.js';
import { ERR } from '../core/error-codes.js';

/** The role `scp test` assumes when no --principal is given: an ordinary, non-exempt workload role. */
export const DEFAULT_TEST_ROLE = 'WorkloadAdmin';

const ACTION = /^[a-z0-9-]+:[A-Za-z0-9]+$/;

/** What one evaluation is about, as people write it. */
export interface TestInput {
  accountId: string;
  action: string;
  resource?: string;
  /** root, a role name, or an IAM role/user or assumed-role ARN; default WorkloadAdmin. */
  principal?: string;
  region?: string;
  context?: Record<string, string | string[]>;
  /** Tags sent with the request: aws:RequestTag/KEY and aws:TagKeys. */
  tags?: Record<string, string>;
  organizationId?: string;
}

/** Pure: turns a test input into the evaluator's request (principal ARN, region and tag context keys). */
export function buildScpRequest(input: TestInput): ScpRequest {
  assertActionFormat(input.action);
  const principalArn = principalArnOf(input.principal ?? DEFAULT_TEST_ROLE, input.accountId);
  const resource = input.resource ?? '*';
  const regionFromArn = /^arn:[^:]+:[^:]+:([a-z]{2}(?:-[a-z]+)+-\d+):/.exec(resource)?.[1];
  const context: Record<string, string | string[]> = {
    'aws:RequestedRegion': input.region ?? regionFromArn ?? 'us-east-1',
  };
  const tagKeys = Object.keys(input.tags ?? {});
  for (const [key, value] of Object.entries(input.tags ?? {})) context[`aws:RequestTag/${key}`] = value;
  if (tagKeys.length > 0) context['aws:TagKeys'] = tagKeys;
  return {
    accountId: input.accountId,
    principalArn,
    action: input.action,
    resource,
    context: { ...context, ...input.context },
    organizationId: input.organizationId,
  };
}

/** Pure: an evaluated request names one action, service:Action (a pattern such as ec2:Run* is refused). */
export function assertActionFormat(action: string): void {
  if (ACTION.test(action)) return;
  if (/^[a-z0-9-]+:[A-Za-z0-9*?]+$/.test(action))
    throw usageError(
      ERR.BAD_ACTION,
      `"${action}" is a pattern; scp test evaluates one request, so name one action`,
      'e.g. --action ec2:RunInstances',
    );
  throw usageError(ERR.BAD_ACTION, `"${action}" is not an action; write service:Action, e.g. s3:PutObject`);
}

/** root -> arn:aws:iam::ACCT:root; a role name -> arn:aws:iam::ACCT:role/NAME; an ARN as it is. */
export function principalArnOf(principal: string, accountId: string): string {
  if (principal === 'root') return `arn:aws:iam::${accountId}:root`;
  if (principal.startsWith('arn:')) {
    if (!/^arn:aws[a-z-]*:(iam|sts)::\d{12}:(root|role\/.+|user\/.+|assumed-role\/.+)$/.test(principal)) {
      throw usageError(
        ERR.BAD_PRINCIPAL,
        `"${principal}" is not an IAM role, user or assumed-role ARN`,
        'give root, a role name, or a role ARN',
      );
    }
    return principal;
  }
  if (!/^[\w+=,.@/-]{1,512}$/.test(principal))
    throw usageError(ERR.BAD_PRINCIPAL, `"${principal}" is not a role name`, 'give root, a role name, or a role ARN');
  return `arn:aws:iam::${accountId}:role/${principal}`;
}

/** `--context key=value` options; a value with commas is a list (aws:TagKeys=a,b). */
export function parseContextOptions(options: readonly string[]): Record<string, string | string[]> {
  const context: Record<string, string | string[]> = {};
  for (const option of options) {
    const match = /^([A-Za-z0-9-]+:[^=]+)=(.*)$/s.exec(option);
    if (!match)
      throw usageError(
        ERR.BAD_CONTEXT,
        `--context "${option}" is not key=value`,
        'e.g. --context aws:RequestedRegion=eu-west-3 or --context s3:x-amz-server-side-encryption=aws:kms',
      );
    const value = match[2] as string;
    context[match[1] as string] = value.includes(',') ? value.split(',').map((item) => item.trim()) : value;
  }
  return context;
}
