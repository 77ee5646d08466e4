import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { CommandContext } from '../core/context.js';
import type { ErrorCode } from '../core/codes.js';
import { AwsarchError, usageError } from '../core/errors.js';
import type { Outcome } from '../core/outcome.js';
import { desiredFromOptions } from './desired.js';
import { assertValid } from './desired.js';
import { levelsForAccount, readOrganizationScps, type OrganizationScps } from './organization-levels.js';
import { evaluateTestInput, type ScpTestResult } from './scp-test.js';
import { FULL_AWS_ACCESS_POLICY, type ScpLevel } from './simulate.js';
import { ERR } from '../core/error-codes.js';
import { checkActionName } from './action-name.js';
import { assertActionFormat } from './test-request.js';

const value = z.union([z.string(), z.number().transform(String), z.boolean().transform(String)]);
const caseSchema = z.strictObject({
  name: z.string().min(1),
  account: value.optional(),
  principal: z.string().optional(),
  action: z.string().min(1),
  resource: z.string().optional(),
  region: z.string().optional(),
  context: z.record(z.string(), z.union([value, z.array(value)])).optional(),
  tags: z.record(z.string(), value).optional(),
  expect: z.enum(['Allowed', 'Denied']),
  /** The SCP expected to deny (by name). */
  deniedBy: z.string().optional(),
  /** The statement expected to deny (its Sid). */
  sid: z.string().optional(),
});

const casesFileSchema = z.strictObject({
  /** Bundled SCP names or files: evaluate offline, as if attached above the account next to FullAWSAccess. */
  policies: z.array(z.string().min(1)).optional(),
  parameters: z.record(z.string(), z.union([value, z.array(value)])).default({}),
  /** Account for every case (offline: any 12-digit id; against the organization: id, e-mail or name). */
  account: value.optional(),
  cases: z.array(caseSchema).min(1),
});

export type TestCase = z.infer<typeof caseSchema>;

export interface CaseResult extends Pick<ScpTestResult, 'decision' | 'deniedBy' | 'reason' | 'principal' | 'resource'> {
  name: string;
  action: string;
  expected: 'Allowed' | 'Denied';
  passed: boolean;
  /** Why a case failed beyond the decision (wrong policy or Sid). */
  mismatch?: string;
}

export interface CasesReport {
  file: string;
  mode: 'offline' | 'organization';
  passed: number;
  failed: number;
  results: CaseResult[];
}

const OFFLINE_ACCOUNT = '111122223333';

/** Whether a cases file needs the organization (it names no policies of its own). */
export async function casesFileNeedsAws(path: string): Promise<boolean> {
  return (await loadCasesFile(path)).policies === undefined;
}

/** Runs a table of expected outcomes; mismatches are reported, not thrown (the exit code says it). */
export async function runCasesFile(ctx: CommandContext | undefined, path: string): Promise<CasesReport> {
  const file = await loadCasesFile(path);
  let offlineLevels: ScpLevel[] | undefined;
  let org: OrganizationScps | undefined;
  if (file.policies) {
    const params = Object.entries(file.parameters).map(
      ([key, item]) => `${key}=${Array.isArray(item) ? item.join(',') : item}`,
    );
    const desired = await desiredFromOptions({ targets: ['root'], policies: file.policies, params });
    assertValid(desired.reports);
    const policies = desired.rendered.map((policy) => ({
      id: policy.name,
      name: policy.name,
      document: policy.document,
    }));
    offlineLevels = [
      { id: 'r-root', name: 'root', type: 'ROOT', policies: [FULL_AWS_ACCESS_POLICY, ...policies] },
      { id: 'account', name: 'account', type: 'ACCOUNT', policies: [FULL_AWS_ACCESS_POLICY] },
    ];
  } else {
    if (!ctx)
      throw usageError(ERR.CASES_NEED_AWS, `${path} names no policies, so its cases run against the organization`);
    org = await readOrganizationScps(ctx.aws);
  }
  const results: CaseResult[] = [];
  for (const testCase of file.cases) {
    const accountKey = testCase.account ?? file.account;
    let levels: ScpLevel[];
    let accountId: string;
    if (offlineLevels) {
      levels = offlineLevels;
      accountId = /^\d{12}$/.test(accountKey ?? '') ? (accountKey as string) : OFFLINE_ACCOUNT;
    } else {
      if (!accountKey)
        throw usageError(
          ERR.BAD_CASES,
          `${path}: case "${testCase.name}" names no account`,
          'give `account:` for the file or the case',
        );
      const found = await levelsForAccount((ctx as CommandContext).aws, org as OrganizationScps, accountKey);
      levels = found.levels;
      accountId = found.account.id;
    }
    const result = await evaluateTestInput(
      levels,
      {
        accountId,
        action: testCase.action,
        resource: testCase.resource,
        principal: testCase.principal,
        region: testCase.region,
        context: testCase.context,
        tags: testCase.tags,
        organizationId: org?.basics.organizationId,
      },
      { id: accountId },
    );
    results.push(judge(testCase, result));
  }
  const failed = results.filter((result) => !result.passed).length;
  return {
    file: path,
    mode: offlineLevels ? 'offline' : 'organization',
    passed: results.length - failed,
    failed,
    results,
  };
}

/** Pure: compares one outcome with the expectation. */
export function judge(testCase: TestCase, result: ScpTestResult): CaseResult {
  let mismatch: string | undefined;
  if (result.decision !== testCase.expect) mismatch = `expected ${testCase.expect}, got ${result.decision}`;
  else if (testCase.deniedBy && result.deniedBy?.policy !== testCase.deniedBy)
    mismatch = `expected to be denied by ${testCase.deniedBy}, denied by ${result.deniedBy?.policy ?? 'no policy'}`;
  else if (testCase.sid && result.deniedBy?.sid !== testCase.sid)
    mismatch = `expected statement ${testCase.sid}, got ${result.deniedBy?.sid ?? 'none'}`;
  return {
    name: testCase.name,
    action: testCase.action,
    principal: result.principal,
    resource: result.resource,
    expected: testCase.expect,
    decision: result.decision,
    deniedBy: result.deniedBy,
    reason: result.reason,
    passed: mismatch === undefined,
    ...(mismatch ? { mismatch } : {}),
  };
}

/** Failed when a case did not come out as expected. */
export function casesOutcome(report: CasesReport): Outcome {
  return report.failed > 0 ? 'failed' : 'ok';
}

async function loadCasesFile(path: string): Promise<z.infer<typeof casesFileSchema>> {
  let raw: unknown;
  try {
    raw = parseYaml(await readFile(path, 'utf8'));
  } catch (error) {
    throw usageError(
      ERR.BAD_CASES,
      `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message.split('\n')[0]}`,
    );
  }
  const parsed = casesFileSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length
      ? issue.path
          .map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`))
          .join('')
          .replace(/^\./, '')
      : '(top level)';
    throw usageError(
      ERR.BAD_CASES,
      `${path}: ${where}: ${issue?.message ?? 'invalid'}`,
      'see templates/scps/cases.yaml',
    );
  }
  await checkCaseActions(path, parsed.data.cases);
  return parsed.data;
}

/** Every case's action is one real IAM action, as `--action` is checked: a typo fails before any case runs. */
async function checkCaseActions(path: string, cases: readonly TestCase[]): Promise<void> {
  for (const [index, testCase] of cases.entries()) {
    try {
      assertActionFormat(testCase.action);
      await checkActionName(testCase.action, 'action:');
    } catch (error) {
      if (!(error instanceof AwsarchError)) throw error;
      throw usageError(
        error.definition as ErrorCode,
        `${path}: cases[${index}].action (case "${testCase.name}"): ${error.message}`,
        error.hint?.replace(/^e\.g\. --action /, 'e.g. action: '),
      );
    }
  }
}
