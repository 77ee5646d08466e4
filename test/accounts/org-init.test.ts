import { describe, expect, it } from 'vitest';
import { planOrgInit } from '../../src/accounts/org-init.js';
import { buildOrgTree } from '../../src/accounts/org-tree.js';
import { orgTreeToDisplay } from '../../src/ui/views/accounts.js';
import { renderTree } from '../../src/ui/render-text.js';
import { sampleSnapshot } from './fixtures.js';

describe('planOrgInit', () => {
  it('creates the organization and every OU with its ancestors, parents first', () => {
    expect(planOrgInit(undefined, [['Workloads', 'Prod'], ['Security']])).toEqual({
      createOrganization: true,
      createOus: [['Security'], ['Workloads'], ['Workloads', 'Prod']],
      existingOus: [],
    });
  });

  it('creates only what is missing', () => {
    const plan = planOrgInit(sampleSnapshot(), [
      ['Workloads', 'Prod'],
      ['Workloads', 'Dev'],
      ['Infrastructure', 'Shared'],
    ]);
    expect(plan.createOrganization).toBe(false);
    expect(plan.createOus).toEqual([['Infrastructure'], ['Infrastructure', 'Shared'], ['Workloads', 'Dev']]);
    expect(plan.existingOus).toEqual([['Workloads'], ['Workloads', 'Prod']]);
  });

  it('plans nothing when everything exists', () => {
    expect(planOrgInit(sampleSnapshot(), [['Security'], ['Workloads', 'Prod']]).createOus).toEqual([]);
  });
});

describe('org tree', () => {
  it('nests OUs and accounts and draws them', () => {
    const tree = buildOrgTree(sampleSnapshot());
    expect(tree.root.children.map((child) => child.name)).toEqual(['Security', 'Workloads']);
    expect(tree.root.children[1]?.children[0]?.name).toBe('Prod');
    expect(renderTree(orgTreeToDisplay(tree))).toEqual([
      'Root (o-abcdefghij)  r-ab12',
      '├── Management [management]  123456789012  management@example.com',
      '├── Security/  ou-ab12-11111111',
      '│   └── Log Archive  210987654321  aws+log@example.com',
      '└── Workloads/  ou-ab12-22222222',
      '    └── Prod/  ou-ab12-33333333',
    ]);
  });
});
