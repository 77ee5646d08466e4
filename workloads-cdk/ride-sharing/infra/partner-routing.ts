import { CfnCondition, CfnOutput, CfnParameter, CfnResource, Fn, Validations } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { EVENT_SOURCES, type RideEventType } from '../events/catalog.js';
import { deadLetterQueue, TARGET_RETRY } from './service-functions.js';

export interface PartnerRoutingProps {
  readonly bus: events.EventBus;
  /** Defaults of the stack parameters (context partnerAccountId / partnerBusArn); empty means no routing. */
  readonly partnerAccountId: string;
  readonly partnerBusArn: string;
  readonly forwardedEvents: readonly RideEventType[];
}

/**
 * Routes selected events to a bus in another account. The partner's account id and bus ARN are stack
 * parameters; everything here exists only when both are set (condition HasPartner):
 * the forwarding rule (a role EventBridge assumes to put into the partner bus, a retry policy and a DLQ),
 * and the resource policy on this bus that lets the partner account send its events back.
 * The partner adds the statement in the PartnerBusPolicyStatement output to its own bus's policy.
 */
export class PartnerRouting extends Construct {
  readonly condition: CfnCondition;
  readonly rule: events.Rule;
  readonly dlq: sqs.Queue;
  readonly busPolicy: events.CfnEventBusPolicy;

  constructor(scope: Construct, id: string, props: PartnerRoutingProps) {
    super(scope, id);
    const accountId = new CfnParameter(this, 'PartnerAccountId', {
      type: 'String',
      default: props.partnerAccountId,
      allowedPattern: '^(\\d{12})?$',
      constraintDescription: 'a 12-digit AWS account id, or empty for no partner routing',
      description: 'Account whose event bus receives the forwarded ride-sharing events (empty: no routing)',
    });
    const busArn = new CfnParameter(this, 'PartnerEventBusArn', {
      type: 'String',
      default: props.partnerBusArn,
      allowedPattern: '^(arn:aws[a-z-]*:events:[a-z0-9-]+:\\d{12}:event-bus/[A-Za-z0-9._/-]+)?$',
      description: "ARN of the partner account's event bus",
    });
    accountId.overrideLogicalId('PartnerAccountId');
    busArn.overrideLogicalId('PartnerEventBusArn');
    // Both are needed: an account without a bus ARN (or the reverse) routes nothing.
    this.condition = new CfnCondition(this, 'HasPartner', {
      expression: Fn.conditionAnd(
        Fn.conditionNot(Fn.conditionEquals(accountId.valueAsString, '')),
        Fn.conditionNot(Fn.conditionEquals(busArn.valueAsString, '')),
      ),
    });
    this.condition.overrideLogicalId('HasPartner');

    const partnerBus = events.EventBus.fromEventBusArn(this, 'PartnerBus', busArn.valueAsString);
    const role = new iam.Role(this, 'ForwardingRole', {
      assumedBy: new iam.ServicePrincipal('events.amazonaws.com'),
      description: 'EventBridge puts forwarded events into the partner bus',
    });
    role.addToPolicy(new iam.PolicyStatement({ actions: ['events:PutEvents'], resources: [busArn.valueAsString] }));
    this.dlq = deadLetterQueue(this, 'ForwardingDlq');
    this.rule = new events.Rule(this, 'ForwardRule', {
      eventBus: props.bus,
      description: `Forwards ${props.forwardedEvents.join(', ')} to the partner account's bus`,
      eventPattern: {
        source: [...new Set(props.forwardedEvents.map((type) => EVENT_SOURCES[type]))].sort(),
        detailType: [...props.forwardedEvents],
      },
    });
    this.rule.addTarget(new targets.EventBus(partnerBus, { role, deadLetterQueue: this.dlq }));
    const cfnRule = this.rule.node.defaultChild as events.CfnRule;
    // The EventBus target has no retry props in the L2; EventBridge supports a retry policy on every target.
    cfnRule.addPropertyOverride('Targets.0.RetryPolicy', {
      MaximumRetryAttempts: TARGET_RETRY.retryAttempts,
      MaximumEventAgeInSeconds: TARGET_RETRY.maxEventAge.toSeconds(),
    });

    this.busPolicy = new events.CfnEventBusPolicy(this, 'PartnerMayPutEvents', {
      eventBusName: props.bus.eventBusName,
      statementId: 'AllowPartnerAccountPutEvents',
      statement: {
        Sid: 'AllowPartnerAccountPutEvents',
        Effect: 'Allow',
        Principal: { AWS: Fn.sub('arn:${AWS::Partition}:iam::${PartnerAccountId}:root') },
        Action: 'events:PutEvents',
        Resource: props.bus.eventBusArn,
      },
    });

    Validations.of(this.rule).acknowledge({
      id: 'CloudFormation-Validate::W1030',
      reason: 'the rule exists only when HasPartner, i.e. with a partner bus ARN',
    });
    // Every resource here (rule, role, policy, DLQ and its queue policy, bus policy) exists only with a partner.
    for (const child of this.node.findAll()) {
      if (child instanceof CfnResource) child.cfnOptions.condition = this.condition;
    }
    const output = new CfnOutput(this, 'PartnerBusPolicyStatement', {
      description: "Add this statement to the partner bus's resource policy so it accepts the forwarded events",
      value: Fn.sub(
        JSON.stringify({
          Sid: 'AllowRideSharingForwarding',
          Effect: 'Allow',
          Principal: { AWS: 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root' },
          Action: 'events:PutEvents',
          Resource: '${PartnerEventBusArn}',
        }),
      ),
      condition: this.condition,
    });
    output.overrideLogicalId('PartnerBusPolicyStatement');
  }
}
