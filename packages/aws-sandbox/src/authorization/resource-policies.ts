import type { SandboxState } from '../state.js';
import { busAddress, type EventBridgeState } from '../services/eventbridge/model.js';
import { findBucket } from '../services/s3/model.js';
import { queueByArn } from '../services/sqs/model.js';

/** Who owns the resource of a request and the resource-based policy it carries, where the service has them. */
export interface ResourceOwnership {
  readonly ownerAccountId: string;
  /** The parsed resource policy; undefined when the resource has none. */
  readonly policy: unknown;
}

function parsed(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * S3 buckets (bucket policy), SQS queues (the Policy attribute) and EventBridge buses (the bus policy PutPermission or
 * AWS::Events::EventBusPolicy set; the ARN names the owner, and a bus that does not exist grants nothing). Resources
 * of services without resource
 * policies answer undefined: what another account may see of them is the service's own rule (RAM shares,
 * organization trails), applied by its handlers.
 */
export function resourceOwnership(state: SandboxState, arn: string): ResourceOwnership | undefined {
  const s3 = /^arn:aws:s3:::([^/]+)/.exec(arn);
  if (s3) {
    const bucket = findBucket(state, s3[1] as string);
    return bucket ? { ownerAccountId: bucket.accountId, policy: parsed(bucket.policy) } : undefined;
  }
  if (arn.startsWith('arn:aws:sqs:')) {
    const queue = queueByArn(state, arn);
    const owner = arn.split(':')[4] ?? '';
    return { ownerAccountId: owner, policy: parsed(queue?.attributes.Policy) };
  }
  const bus = busAddress(arn);
  if (!bus) return undefined;
  // Read without creating the owner's EventBridge state (authorization only reads).
  const events = state.services.eventbridge as EventBridgeState | undefined;
  const record = events?.accounts[bus.accountId]?.[bus.region]?.buses[bus.name];
  return { ownerAccountId: bus.accountId, policy: parsed(record?.policy) };
}
