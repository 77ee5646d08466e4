import { describe, expect, it } from 'vitest';
import { WORKLOADS } from '../../../workloads-cdk/catalog.js';
import { stackMessages, summarizeStack } from '../../../src/workloads/assembly-summary.js';
import { parseWorkloadContext } from '../../../src/workloads/context-args.js';
import { validationFindings } from '../../../src/workloads/synth.js';
import { summarizeTemplateDiff } from '../../../src/workloads/template-diff.js';

const rideSharing = WORKLOADS.find((workload) => workload.name === 'ride-sharing') as (typeof WORKLOADS)[number];

describe('workload settings from --context', () => {
  it('accepts known keys with valid values', () => {
    expect(
      parseWorkloadContext(rideSharing, ['partnerAccountId=210987654321', 'busName=rides', 'alarmEmail=']),
    ).toEqual({ partnerAccountId: '210987654321', busName: 'rides', alarmEmail: '' });
  });

  it.each([
    [['partnerAccountId'], 'bad-context', /expects key=value/],
    [['color=blue'], 'unknown-context', /has no setting "color"/],
    [['partnerAccountId=12'], 'bad-context', /"12" is not valid/],
    [['offerTimeoutSeconds=0'], 'bad-context', /not valid/],
  ])('refuses %j with exit code 2', (pairs, code, message) => {
    try {
      parseWorkloadContext(rideSharing, pairs);
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ code, exitCode: 2, message: expect.stringMatching(message) });
    }
  });
});

describe('assembly and diff summaries', () => {
  it('counts resources by type, lists parameters (not BootstrapVersion) and outputs, and reports annotations', () => {
    const stack = {
      stackName: 'S',
      template: {
        Resources: { A: { Type: 'AWS::SQS::Queue' }, B: { Type: 'AWS::SQS::Queue' }, C: { Type: 'AWS::SNS::Topic' } },
        Parameters: { BootstrapVersion: {}, Partner: {} },
        Outputs: { Url: {} },
      },
      assets: [],
      messages: [
        { level: 'warning', id: '/S/A', entry: { data: 'deprecated' } },
        { level: 'debug', id: '/S/B', entry: { data: 'noise' } },
      ],
    };
    expect(summarizeStack(stack, 1234, 2)).toEqual({
      name: 'S',
      resourceCount: 3,
      resourceTypes: [
        { type: 'AWS::SQS::Queue', count: 2 },
        { type: 'AWS::SNS::Topic', count: 1 },
      ],
      parameters: ['Partner'],
      outputs: ['Url'],
      templateBytes: 1234,
      assets: 2,
    });
    expect(stackMessages(stack)).toEqual([{ level: 'warning', stack: 'S', path: '/S/A', message: 'deprecated' }]);
  });

  it('turns template validation reports into warnings', () => {
    const findings = validationFindings([
      {
        pluginReports: [
          {
            pluginName: 'CloudFormation Validate',
            violations: [
              {
                ruleName: 'W1030',
                description: 'too short',
                severity: 'warning',
                violatingConstructs: [{ constructPath: 'RideSharing/Partner/ForwardRule/Resource' }],
              },
            ],
          },
        ],
      },
    ]);
    expect(findings).toEqual([
      {
        level: 'warning',
        stack: 'RideSharing',
        path: 'RideSharing/Partner/ForwardRule/Resource',
        message: 'CloudFormation Validate W1030: too short',
      },
    ]);
  });

  it('classifies resource changes of a stack diff', () => {
    const changes = [
      ['Queue', { isAddition: true, isRemoval: false, newResourceType: 'AWS::SQS::Queue' }],
      ['Old', { isAddition: false, isRemoval: true, oldResourceType: 'AWS::SNS::Topic' }],
      [
        'Fn',
        { isAddition: false, isRemoval: false, changeImpact: 'WILL_UPDATE', newResourceType: 'AWS::Lambda::Function' },
      ],
      [
        'Bus',
        { isAddition: false, isRemoval: false, changeImpact: 'WILL_REPLACE', newResourceType: 'AWS::Events::EventBus' },
      ],
    ] as const;
    const diff = {
      resources: {
        forEachDifference: (callback: (id: string, change: (typeof changes)[number][1]) => void) =>
          changes.forEach(([id, change]) => callback(id, change)),
      },
    };
    expect(summarizeTemplateDiff(diff)).toEqual([
      { logicalId: 'Bus', type: 'AWS::Events::EventBus', change: 'replace' },
      { logicalId: 'Fn', type: 'AWS::Lambda::Function', change: 'update' },
      { logicalId: 'Old', type: 'AWS::SNS::Topic', change: 'remove' },
      { logicalId: 'Queue', type: 'AWS::SQS::Queue', change: 'add' },
    ]);
  });
});
