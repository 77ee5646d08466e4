import { describe, expect, it } from 'vitest';
import { evaluate, NO_VALUE, referencedIds, type EvaluationScope } from '../src/services/cloudformation/intrinsics.js';
import { dependencyOrder, evaluateConditions } from '../src/services/cloudformation/plan.js';
import { parseTemplate } from '../src/services/cloudformation/template.js';

const scope: EvaluationScope = {
  values: { Stage: 'prod', Zones: ['a', 'b'], 'AWS::Region': 'eu-west-1', 'AWS::AccountId': '111122223333' },
  conditions: { IsProd: true },
  mappings: { Sizes: { prod: { Memory: 1024 } } },
  ref: (id) => `${id}-physical`,
  getAtt: (id, attribute) => `${id}.${attribute}`,
};

describe('CloudFormation stand-in: intrinsic functions', () => {
  it.each([
    [{ Ref: 'Stage' }, 'prod'],
    [{ Ref: 'Bucket' }, 'Bucket-physical'],
    [{ 'Fn::GetAtt': ['Role', 'Arn'] }, 'Role.Arn'],
    [{ 'Fn::GetAtt': 'Role.Arn' }, 'Role.Arn'],
    [
      { 'Fn::Sub': 'arn:aws:s3:::${Bucket}/${Stage}/${Role.Arn}/${!Literal}' },
      'arn:aws:s3:::Bucket-physical/prod/Role.Arn/${Literal}',
    ],
    [{ 'Fn::Sub': ['${Name}-${AWS::Region}', { Name: { Ref: 'Stage' } }] }, 'prod-eu-west-1'],
    [{ 'Fn::Join': ['-', ['x', { Ref: 'Stage' }]] }, 'x-prod'],
    [{ 'Fn::Select': [1, { Ref: 'Zones' }] }, 'b'],
    [{ 'Fn::Split': [',', 'a,b'] }, ['a', 'b']],
    [{ 'Fn::If': ['IsProd', 'big', 'small'] }, 'big'],
    [{ 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'Stage' }, 'dev'] }] }, true],
    [{ 'Fn::And': [{ Condition: 'IsProd' }, { 'Fn::Or': [false, 'true'] }] }, true],
    [{ 'Fn::FindInMap': ['Sizes', { Ref: 'Stage' }, 'Memory'] }, 1024],
    [{ 'Fn::Base64': 'hi' }, 'aGk='],
    [{ 'Fn::GetAZs': '' }, ['eu-west-1a', 'eu-west-1b', 'eu-west-1c']],
  ])('evaluates %j', (expression, expected) => {
    expect(evaluate(expression, scope)).toEqual(expected);
  });

  it('drops AWS::NoValue members and list items', () => {
    expect(
      evaluate({ A: { Ref: 'AWS::NoValue' }, B: [1, { 'Fn::If': ['IsProd', { Ref: 'AWS::NoValue' }, 2] }] }, scope),
    ).toEqual({ B: [1] });
    expect(evaluate({ Ref: 'AWS::NoValue' }, scope)).toBe(NO_VALUE);
  });

  it('finds references for dependency order, and orders resources after what they refer to', () => {
    expect([
      ...referencedIds({
        a: { Ref: 'X' },
        b: { 'Fn::GetAtt': ['Y', 'Arn'] },
        c: { 'Fn::Sub': '${Z.Arn}/${AWS::Region}/${!Not}' },
      }),
    ]).toEqual(['X', 'Y', 'Z', 'AWS::Region']);
    const order = dependencyOrder({
      C: { Type: 'T', Properties: { p: { Ref: 'B' } } },
      B: { Type: 'T', DependsOn: ['A'] },
      A: { Type: 'T' },
    });
    expect(order).toEqual(['A', 'B', 'C']);
    expect(() =>
      dependencyOrder({ A: { Type: 'T', DependsOn: 'B' }, B: { Type: 'T', Properties: { x: { Ref: 'A' } } } }),
    ).toThrow(/Circular dependency/);
  });

  it('evaluates conditions that refer to other conditions, and parses YAML short forms', () => {
    const template = parseTemplate(
      [
        'Conditions:',
        '  Both: !And [!Condition Prod, !Not [!Equals [!Ref Flag, "no"]]]',
        '  Prod: !Equals [!Ref Stage, prod]',
        'Resources:',
        '  R: {Type: T, Properties: {Arn: !GetAtt Other.Arn, S: !Sub "${Stage}"}}',
      ].join('\n'),
    );
    expect(evaluateConditions(template, { Stage: 'prod', Flag: 'yes' })).toEqual({ Prod: true, Both: true });
    expect(template.Resources?.R?.Properties).toEqual({
      Arn: { 'Fn::GetAtt': ['Other', 'Arn'] },
      S: { 'Fn::Sub': '${Stage}' },
    });
  });
});
