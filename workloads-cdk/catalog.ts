import type { App, Stack } from 'aws-cdk-lib';

/** A setting of a workload, passed with `--context key=value` (CDK context). */
export interface ContextSetting {
  readonly key: string;
  readonly description: string;
  /** What the app uses when the key is not given ('' for none). */
  readonly default: string;
  /** A value must match this, when given. */
  readonly pattern?: RegExp;
}

/** A bundled workload: what `awsarch workloads list` shows and how `synth`/`deploy` build it. */
export interface WorkloadDefinition {
  readonly name: 'ride-sharing' | 'orders';
  readonly title: string;
  readonly description: string;
  /** The app's stacks (ids = CloudFormation stack names), in deployment order. */
  readonly stacks: ReadonlyArray<{ readonly id: string; readonly description: string }>;
  readonly context: readonly ContextSetting[];
  /** Adds the workload's stacks to a CDK app (loads aws-cdk-lib and the stack code on first use). */
  define(app: App): Promise<Stack[]>;
}

/** The bundled workloads. Importing this module is cheap; the CDK code loads when a workload is defined. */
export const WORKLOADS: readonly WorkloadDefinition[] = [
  {
    name: 'ride-sharing',
    title: 'Ride-sharing (event-driven)',
    description:
      'Six services (Ride, Driver, Payment, Notification, Analytics, Fraud) around an EventBridge bus with a schema registry, per-consumer rules with retry and DLQs, a 7-year archive, cross-account forwarding, alarms and a dashboard.',
    stacks: [
      {
        id: 'RideSharing',
        description:
          'bus, archive, schema registry, six Lambda services and their tables, rules, DLQs, alarms, dashboard',
      },
    ],
    context: [
      {
        key: 'busName',
        description: 'name of the custom event bus (and the schema registry)',
        default: 'ride-sharing',
        pattern: /^[A-Za-z0-9._-]{1,256}$/,
      },
      {
        key: 'partnerAccountId',
        description:
          'account that receives forwarded events (default of the PartnerAccountId parameter; forwarding needs it and partnerBusArn)',
        default: '',
        pattern: /^(\d{12})?$/,
      },
      {
        key: 'partnerBusArn',
        description: "ARN of the partner account's event bus (default of the PartnerEventBusArn parameter)",
        default: '',
        pattern: /^(arn:aws[a-z-]*:events:[a-z0-9-]+:\d{12}:event-bus\/[A-Za-z0-9._/-]+)?$/,
      },
      {
        key: 'forwardEvents',
        description: 'comma-separated event types forwarded to the partner',
        default: 'RideCompleted,PaymentCaptured,FraudFlagged',
        pattern: /^[A-Za-z]+(,[A-Za-z]+)*$/,
      },
      {
        key: 'offerTimeoutSeconds',
        description: 'seconds a driver has to accept a ride offer',
        default: '30',
        pattern: /^[1-9]\d{0,3}$/,
      },
      {
        key: 'alarmEmail',
        description: 'e-mail address subscribed to the alarm topic',
        default: '',
        pattern: /^([^@\s]+@[^@\s]+\.[^@\s]+)?$/,
      },
    ],
    async define(app) {
      const { defineRideSharingApp } = await import('./ride-sharing/app.js');
      return defineRideSharingApp(app);
    },
  },
  {
    name: 'orders',
    title: 'Orders (CQRS + event sourcing)',
    description:
      'An event store on DynamoDB (one item per command, optimistic concurrency, snapshots) streamed to a projector that builds read models; command and query Lambdas behind an HTTP API; alarms and a dashboard.',
    stacks: [
      {
        id: 'Orders',
        description:
          'event store + snapshots, read-model tables, command/projector/query Lambdas, HTTP API, DLQ, alarms, dashboard',
      },
    ],
    context: [
      {
        key: 'snapshotEvery',
        description: 'events between snapshots of an order',
        default: '20',
        pattern: /^[1-9]\d{0,3}$/,
      },
      {
        key: 'alarmEmail',
        description: 'e-mail address subscribed to the alarm topic',
        default: '',
        pattern: /^([^@\s]+@[^@\s]+\.[^@\s]+)?$/,
      },
    ],
    async define(app) {
      const { defineOrdersApp } = await import('./orders/app.js');
      return defineOrdersApp(app);
    },
  },
];

export function findWorkload(name: string): WorkloadDefinition | undefined {
  return WORKLOADS.find((workload) => workload.name === name);
}
