import { describe, expect, test } from 'vitest';
import {
  applyChange,
  type ChangeTracker,
  coveringPaths,
  StateProxies,
  WriteInReadTransaction,
} from '../src/state/change-tracker.js';

type Tree = Record<string, any>;

function tree(): Tree {
  return {
    revision: 3,
    services: {
      ec2: { accounts: { '111': { vpcs: { 'vpc-1': { cidr: '10.0.0.0/16', tags: [{ Key: 'a', Value: '1' }] } } } } },
      iam: { accounts: { '111': { roles: { Admin: { path: '/' } } } } },
    },
  };
}

const changesOf = (tracker: ChangeTracker) =>
  tracker
    .takeChanges()
    .map((change) => [change.path.join('.'), change.json === undefined ? '-' : JSON.parse(change.json)]);

describe('the change tracker', () => {
  test('records the path of each change, not the state around it', () => {
    const root = tree();
    const tracker = new StateProxies().beginWrite(root);
    const state = tracker.state as Tree;
    state.services.ec2.accounts['111'].vpcs['vpc-1'].cidr = '10.1.0.0/16';
    delete state.services.iam.accounts['111'].roles.Admin;
    expect(changesOf(tracker)).toEqual([
      ['services.ec2.accounts.111.vpcs.vpc-1.cidr', '10.1.0.0/16'],
      ['services.iam.accounts.111.roles.Admin', '-'],
    ]);
    expect(root.services.ec2.accounts['111'].vpcs['vpc-1'].cidr).toBe('10.1.0.0/16');
    expect(tracker.hasChanges).toBe(false);
  });

  test('an array is written whole; a change below a changed path is covered by it', () => {
    const tracker = new StateProxies().beginWrite(tree());
    const state = tracker.state as Tree;
    const vpc = state.services.ec2.accounts['111'].vpcs['vpc-1'];
    vpc.tags.push({ Key: 'b', Value: '2' });
    vpc.tags[0].Value = 'changed';
    state.services.ec2.accounts['111'].vpcs['vpc-2'] = { cidr: '10.2.0.0/16' };
    state.services.ec2.accounts['111'].vpcs['vpc-2'].cidr = '10.3.0.0/16';
    expect(changesOf(tracker)).toEqual([
      [
        'services.ec2.accounts.111.vpcs.vpc-1.tags',
        [
          { Key: 'a', Value: 'changed' },
          { Key: 'b', Value: '2' },
        ],
      ],
      ['services.ec2.accounts.111.vpcs.vpc-2', { cidr: '10.3.0.0/16' }],
    ]);
  });

  test('a record stored and then filled in through its own reference is written as it ends up', () => {
    const tracker = new StateProxies().beginWrite(tree());
    const state = tracker.state as Tree;
    const record: Tree = { id: 'new' };
    state.services.iam.accounts['111'].roles.New = record;
    record.path = '/service/';
    expect(changesOf(tracker)).toEqual([['services.iam.accounts.111.roles.New', { id: 'new', path: '/service/' }]]);
  });

  test('after a commit the state in memory is what a reader of the journal sees: no shared objects, no undefined', () => {
    const root = tree();
    const tracker = new StateProxies().beginWrite(root);
    const state = tracker.state as Tree;
    const shared = { note: 'one object, two places', missing: undefined };
    state.services.ec2.first = shared;
    state.services.ec2.second = shared;
    state.services.ec2.copy = { ...state.services.iam.accounts['111'] };
    tracker.takeChanges();
    expect(root.services.ec2.first).not.toBe(root.services.ec2.second);
    expect(root.services.ec2.first).toEqual({ note: 'one object, two places' });
    expect(Object.keys(root.services.ec2.first)).not.toContain('missing');
    expect(root.services.ec2.copy.roles).not.toBe(root.services.iam.accounts['111'].roles);
  });

  test('rollback undoes every change since the last commit, newest first', () => {
    const root = tree();
    const before = JSON.parse(JSON.stringify(root));
    const tracker = new StateProxies().beginWrite(root);
    const state = tracker.state as Tree;
    state.services.ec2.accounts['111'].vpcs['vpc-1'].cidr = 'x';
    state.services.ec2.accounts['111'].vpcs['vpc-1'].cidr = 'y';
    state.services.ec2.accounts['111'].vpcs['vpc-1'].tags.splice(0, 1);
    delete state.services.iam.accounts['111'];
    state.services.s3 = { buckets: {} };
    tracker.rollback();
    expect(root).toEqual(before);
    expect(tracker.hasChanges).toBe(false);
  });

  test('a read-only tracker refuses the first change, remembers it, and leaves the state untouched', () => {
    const root = tree();
    const before = JSON.parse(JSON.stringify(root));
    const proxies = new StateProxies();
    const state = proxies.reader(root);
    expect(state.services.ec2.accounts['111'].vpcs['vpc-1'].cidr).toBe('10.0.0.0/16');
    expect(() => {
      state.services.ec2.accounts['111'].vpcs['vpc-1'].tags.push({ Key: 'c', Value: '3' });
    }).toThrow(WriteInReadTransaction);
    expect(() => delete state.services.iam.accounts).toThrow(WriteInReadTransaction);
    expect(proxies.refusedWrites).toBe(2);
    expect(root).toEqual(before);
  });

  test('objects of an ended transaction can be read but not changed', () => {
    const tracker = new StateProxies().beginWrite(tree());
    const vpc = (tracker.state as Tree).services.ec2.accounts['111'].vpcs['vpc-1'];
    tracker.close();
    expect(vpc.cidr).toBe('10.0.0.0/16');
    expect(() => (vpc.cidr = 'late')).toThrow('changed outside a write transaction');
  });

  test('the same object is the same proxy within a transaction (identity comparisons keep working)', () => {
    const tracker = new StateProxies().beginWrite(tree());
    const state = tracker.state as Tree;
    const vpcs = state.services.ec2.accounts['111'].vpcs;
    expect(Object.values(vpcs)[0]).toBe(vpcs['vpc-1']);
    expect(new Set([vpcs['vpc-1'], Object.values(vpcs)[0]]).size).toBe(1);
  });

  test('covering paths keep ancestors and drop what they contain', () => {
    expect(
      coveringPaths([
        ['a', 'b', 'c'],
        ['a', 'x'],
        ['a', 'b'],
        ['a', 'b'],
        ['a', 'bc'],
      ]),
    ).toEqual([
      ['a', 'x'],
      ['a', 'b'],
      ['a', 'bc'],
    ]);
  });

  test('a change read back from the journal sets or removes the value, creating missing parents', () => {
    const root: Tree = {};
    applyChange(root, ['services', 'sqs', 'queues', 'q1'], { name: 'q1' });
    applyChange(root, ['services', 'sqs', 'queues', 'q2'], { name: 'q2' });
    applyChange(root, ['services', 'sqs', 'queues', 'q1'], undefined);
    applyChange(root, ['services', 'nothing', 'here'], undefined);
    expect(root).toEqual({ services: { sqs: { queues: { q2: { name: 'q2' } } } } });
  });
});
