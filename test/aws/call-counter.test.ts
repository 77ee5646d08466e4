import { describe, expect, it } from 'vitest';
import { CallCounter, isReadOperation } from '../../src/aws/call-counter.js';

describe('CallCounter', () => {
  it('counts reads and writes per operation', () => {
    const counter = new CallCounter();
    counter.record('Organizations', 'ListAccounts');
    counter.record('Organizations', 'ListAccounts');
    counter.record('Organizations', 'CreateAccount');
    counter.record('STS', 'AssumeRole');
    expect(counter.snapshot()).toEqual({
      total: 4,
      reads: 3,
      writes: 1,
      byOperation: { 'Organizations:CreateAccount': 1, 'Organizations:ListAccounts': 2, 'STS:AssumeRole': 1 },
    });
  });

  it.each([
    ['DescribeOrganization', true],
    ['GetCallerIdentity', true],
    ['AssumeRole', true],
    ['HeadBucket', true],
    ['CreateAccount', false],
    ['TagResource', false],
    ['StartBgpFailoverTest', false],
    ['PutObject', false],
  ])('%s is a read: %s', (operation, read) => {
    expect(isReadOperation(operation)).toBe(read);
  });
});
