import {
  createTableInput,
  declareTable,
  setTableStream,
  streamArnOf,
  tableStreams,
  type StreamViewType,
} from '../dynamodb/model.js';
import { LAMBDA_MATERIALIZERS } from '../lambda/materialize.js';
import { API_GATEWAY_MATERIALIZERS } from '../apigatewayv2/materialize.js';
import { putArchiveRecord, removeArchiveRecord } from '../eventbridge/archives.js';
import { putEventBus, removeEventBus } from '../eventbridge/buses.js';
import { busNameOf, busOrThrow, regionOf, type RuleTarget } from '../eventbridge/model.js';
import {
  busPolicyStatementOf,
  eventBusPolicyText,
  withoutStatementIfPresent,
} from '../eventbridge/bus-policy-resource.js';
import { putRuleRecord } from '../eventbridge/rules.js';
import { putQueue, queueAttributesOf, queuesOf, removeQueue, type SqsQueue } from '../sqs/model.js';
import type { ResourceRecord } from './model.js';

/** What a materializer needs: where the stack lives, the state, the time, and the state directory. */
export interface WorkloadMaterializeContext {
  readonly state: import('../../state.js').SandboxState;
  readonly accountId: string;
  readonly region: string;
  readonly now: number;
  readonly stateDir: string;
}

export interface WorkloadMaterializer {
  apply(resource: ResourceRecord, ctx: WorkloadMaterializeContext): void | Promise<void>;
  remove(resource: ResourceRecord, ctx: WorkloadMaterializeContext): void;
}

const asJson = (value: unknown): string | undefined =>
  value === undefined || value === null ? undefined : typeof value === 'string' ? value : JSON.stringify(value);
const events = (ctx: WorkloadMaterializeContext) => regionOf(ctx.state, ctx.accountId, ctx.region, ctx.now);
/** A queue's name is the last part of its physical id (the queue URL). */
const queueName = (resource: ResourceRecord) => resource.physicalId.split('/').at(-1) ?? resource.physicalId;

/**
 * A table's StreamSpecification: the stream keeps its label while its view type stays (a new view type is
 * a new stream, as on AWS), and Fn::GetAtt StreamArn answers with it.
 */
function applyTableStream(resource: ResourceRecord, ctx: WorkloadMaterializeContext): void {
  const viewType = (resource.properties.StreamSpecification as { StreamViewType?: unknown } | undefined)
    ?.StreamViewType as StreamViewType | undefined;
  const current = tableStreams(ctx.state, ctx.accountId, ctx.region)[resource.physicalId];
  if (!viewType) {
    setTableStream(ctx.state, ctx.accountId, ctx.region, resource.physicalId, undefined);
    delete resource.attributes.StreamArn;
    return;
  }
  const stream =
    current?.viewType === viewType ? current : { viewType, label: new Date(ctx.now).toISOString().replace('Z', '') };
  setTableStream(ctx.state, ctx.accountId, ctx.region, resource.physicalId, stream);
  resource.attributes.StreamArn = streamArnOf(ctx.region, ctx.accountId, resource.physicalId, stream.label);
}

/**
 * The resources the bundled workloads need to run in the sandbox: DynamoDB tables (created in the
 * account's engine on its next DynamoDB request), SQS queues, and EventBridge buses, rules with their
 * targets, and archives (with their managed rule), so that `awsarch replay` works after `awsarch deploy`.
 */
export const WORKLOAD_MATERIALIZERS: Readonly<Record<string, WorkloadMaterializer>> = {
  'AWS::DynamoDB::Table': {
    apply(resource, ctx) {
      declareTable(ctx.state, ctx.accountId, ctx.region, resource.physicalId, {
        action: 'create',
        definition: createTableInput(resource.physicalId, resource.properties),
      });
      applyTableStream(resource, ctx);
    },
    remove(resource, ctx) {
      declareTable(ctx.state, ctx.accountId, ctx.region, resource.physicalId, { action: 'delete' });
      setTableStream(ctx.state, ctx.accountId, ctx.region, resource.physicalId, undefined);
    },
  },
  'AWS::SQS::Queue': {
    apply(resource, ctx) {
      const queue = putQueue(ctx.state, ctx.accountId, ctx.region, queueName(resource), {}, ctx.now);
      queue.attributes = { ...queue.attributes, ...queueAttributesOf(resource.properties) };
    },
    remove(resource, ctx) {
      removeQueue(ctx.state, ctx.accountId, ctx.region, queueName(resource));
    },
  },
  // The policy of the queues it names (by URL): what lets EventBridge send to a target or dead-letter queue.
  'AWS::SQS::QueuePolicy': {
    apply(resource, ctx) {
      for (const queue of policyQueues(resource, ctx))
        queue.attributes.Policy = JSON.stringify(resource.properties.PolicyDocument ?? {});
    },
    remove(resource, ctx) {
      for (const queue of policyQueues(resource, ctx)) delete queue.attributes.Policy;
    },
  },
  'AWS::Events::EventBus': {
    apply(resource, ctx) {
      const policy = eventBusPolicyText(resource.properties.Policy);
      const bus = putEventBus(
        events(ctx),
        ctx.region,
        ctx.accountId,
        resource.physicalId,
        ctx.now,
        asJson(resource.properties.Description),
      );
      if (policy === undefined) delete bus.policy;
      else bus.policy = policy;
    },
    remove(resource, ctx) {
      removeEventBus(events(ctx), resource.physicalId);
    },
  },
  // One statement of a bus's policy, by its StatementId (the Statement property, or the legacy Action/Principal).
  'AWS::Events::EventBusPolicy': {
    apply(resource, ctx) {
      const bus = busOrThrow(events(ctx), resource.properties.EventBusName);
      bus.policy = busPolicyStatementOf(resource.properties, bus);
    },
    remove(resource, ctx) {
      const bus = events(ctx).buses[busNameOf(resource.properties.EventBusName)];
      if (bus) withoutStatementIfPresent(bus, String(resource.properties.StatementId ?? ''));
    },
  },
  'AWS::Events::Rule': {
    apply(resource, ctx) {
      const properties = resource.properties;
      putRuleRecord(events(ctx), ctx.region, ctx.accountId, {
        name: resource.physicalId,
        busName: busNameOf(properties.EventBusName),
        eventPattern: asJson(properties.EventPattern),
        scheduleExpression:
          typeof properties.ScheduleExpression === 'string' ? properties.ScheduleExpression : undefined,
        state: properties.State === 'DISABLED' ? 'DISABLED' : 'ENABLED',
        description: typeof properties.Description === 'string' ? properties.Description : undefined,
        targets: (Array.isArray(properties.Targets) ? properties.Targets : []) as RuleTarget[],
      });
    },
    remove(resource, ctx) {
      delete events(ctx).rules[busNameOf(resource.properties.EventBusName)]?.[resource.physicalId];
    },
  },
  'AWS::Events::Archive': {
    apply(resource, ctx) {
      const properties = resource.properties;
      putArchiveRecord(
        events(ctx),
        ctx.region,
        ctx.accountId,
        {
          name: resource.physicalId,
          eventSourceArn: String(properties.SourceArn ?? ''),
          eventPattern: asJson(properties.EventPattern),
          description: typeof properties.Description === 'string' ? properties.Description : undefined,
          retentionDays: properties.RetentionDays === undefined ? 0 : Number(properties.RetentionDays),
        },
        ctx.now,
      );
    },
    remove(resource, ctx) {
      removeArchiveRecord(ctx.stateDir, events(ctx), resource.physicalId);
    },
  },
  ...LAMBDA_MATERIALIZERS,
  ...API_GATEWAY_MATERIALIZERS,
};

/** The queues of an AWS::SQS::QueuePolicy, from their URLs (https://sqs.REGION.amazonaws.com/ACCOUNT/NAME). */
function policyQueues(resource: ResourceRecord, ctx: WorkloadMaterializeContext): SqsQueue[] {
  const urls = Array.isArray(resource.properties.Queues) ? resource.properties.Queues : [];
  return urls.flatMap((url) => {
    const name = String(url).split('/').pop() ?? '';
    const queue = queuesOf(ctx.state, ctx.accountId, ctx.region)[name];
    return queue ? [queue] : [];
  });
}
