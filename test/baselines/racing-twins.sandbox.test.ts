import { describe, expect, it } from 'vitest';
import { readOrganization } from '../../src/accounts/org-reader.js';
import { loadBaseline } from '../../src/baselines/definition.js';
import type { StepName } from '../../src/baselines/model.js';
import { newBaselineSession } from '../../src/baselines/run-context.js';
import { runBaseline } from '../../src/baselines/runner.js';
import { selectBaselineAccounts } from '../../src/baselines/select-accounts.js';
import { formatOuPath, pathOfParent } from '../../src/accounts/ou-path.js';
import { startTestSandbox } from '../../packages/aws-sandbox/test/helpers.js';
import { buildDemoOrganization, cellStates, sandboxContext } from './fixtures/demo-organization.js';

// Two runs without the run lease between them (an older awsarch, a retried request): every create that
// meets what its twin created takes that instead of failing.
describe('two baseline runs racing each other (no lease between them)', () => {
  it.each<[StepName[]]>([[['roles']], [['cloudtrail']], [['guardduty']]])(
    'both apply %s without an error',
    async (steps) => {
      const { stateDir } = await buildDemoOrganization({ seed: true });
      const sandbox = await startTestSandbox({ stateDir });
      const { ctx } = sandboxContext(sandbox);
      const snapshot = await readOrganization(ctx.aws);
      const baseline = await loadBaseline('default');
      const accounts = selectBaselineAccounts(snapshot, { accounts: [], all: true }).accounts.map((account) => ({
        ...account,
        ou: formatOuPath(pathOfParent(snapshot, account.parentId) ?? []),
      }));
      const run = () =>
        runBaseline({ ctx, mode: 'apply', baseline, snapshot, session: newBaselineSession() }, accounts, steps);
      const reports = await Promise.all([run(), run()]);
      for (const report of reports)
        expect(Object.entries(cellStates(report)).filter(([, state]) => state === 'error')).toEqual([]);
    },
  );
});
