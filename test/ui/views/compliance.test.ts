import { describe, expect, it } from 'vitest';
import { assessCompliance } from '../../../src/compliance/assess.js';
import type { ComplianceSnapshot } from '../../../src/compliance/model.js';
import type { HumanBlock } from '../../../src/ui/io-host.js';
import { complianceView, complianceWatchView } from '../../../src/ui/views/compliance.js';
import { DEV, finding, PROD, snapshot, trail } from '../../compliance/fixture.js';

function view(overrides: Partial<ComplianceSnapshot>) {
  const base = snapshot(overrides);
  return complianceView({
    assessment: assessCompliance(base, { maxLogAgeMinutes: 60, failOn: 'high', top: 5 }),
    collection: base.collection,
  });
}
const matrix = (blocks: HumanBlock[]) => blocks.find((block) => block.kind === 'matrix');

describe('complianceView', () => {
  it('one row per account, one short cell per source, toned by how bad it is', () => {
    const base = snapshot();
    if (base.securityHub.state !== 'read') throw new Error('fixture');
    const blocks = view({
      securityHub: {
        ...base.securityHub,
        data: {
          ...base.securityHub.data,
          findings: [finding({ severity: 'critical' }), finding({ severity: 'medium', accountId: PROD })],
        },
      },
      logging: { ...base.logging, [DEV]: { trails: [trail({ logging: false, validation: false })] } },
    });
    const rows = matrix(blocks);
    if (rows?.kind !== 'matrix') throw new Error('no matrix');
    expect(rows.columns).toEqual(['CONFIG RULES', 'SECURITY HUB', 'GUARDDUTY', 'LOGGING', 'SCPS']);
    expect(rows.rows.map((row) => [row.label, ...row.cells.map((cell) => `${cell.text}|${cell.tone}`)])).toEqual([
      ['Dev 111111111111', 'OK (1)|ok', 'C1 H0 M0|bad', 'OK|ok', 'STOPPED +1|bad', 'OK (3)|ok'],
      ['Prod 222222222222', 'OK (1)|ok', 'C0 H0 M1|warn', 'OK|ok', 'OK 10m|ok', 'OK (3)|ok'],
      ['Security 333333333333', 'OK (1)|ok', 'OK|ok', 'OK|ok', 'OK 10m|ok', 'OK (2)|ok'],
    ]);
    const links = blocks.find((block) => block.kind === 'text' && block.lines[0] === 'Console links:');
    expect(links?.kind === 'text' && links.lines).toHaveLength(1 + 4);
    expect(JSON.stringify(blocks)).toMatch(/1 finding\(s\) at or above high/);
  });

  it('a source that could not be read shows ? and one finding with the fix', () => {
    const blocks = view({
      guardDuty: { state: 'unavailable', problem: 'GuardDuty has no delegated administrator', fix: 'designate one' },
    });
    const rows = matrix(blocks);
    expect(rows?.kind === 'matrix' && rows.rows.map((row) => row.cells[2]?.text)).toEqual(['?', '?', '?']);
    expect(blocks).toContainEqual({
      kind: 'findings',
      title: 'Not read',
      items: [{ severity: 'critical', text: 'GuardDuty has no delegated administrator. Fix: designate one' }],
    });
  });

  it('--watch ends with the number of refreshes', () => {
    expect(complianceWatchView({ watch: { refreshes: 1 } })).toEqual([
      { kind: 'text', lines: ['Stopped watching after 1 refresh.'] },
    ]);
  });
});
