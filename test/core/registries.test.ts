import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ErrorCode, MessageCode, MessageFamily } from '../../src/core/codes.js';
import { ERR } from '../../src/core/error-codes.js';
import { AwsarchError, usageError } from '../../src/core/errors.js';
import { exitCodeOf } from '../../src/core/exit-code.js';
import { MSG } from '../../src/core/message-codes.js';
import { FINDING } from '../../src/hybrid/finding-codes.js';
import { REFUSAL } from '../../src/scps/refusal-codes.js';
import type { IoHost } from '../../src/core/io-host.js';
import { RecordingHost } from '../helpers/recording-host.js';

/** The codes released so far: pipelines match on them, so none may disappear or change its spelling. */
const released = JSON.parse(readFileSync(new URL('./released-codes.json', import.meta.url), 'utf8')) as Record<
  'errors' | 'messages' | 'findings' | 'refusals',
  string[]
>;

const errorCodes = Object.values(ERR).map((entry) => entry.code);
const messageCodes = Object.values(MSG).map((entry) =>
  entry instanceof MessageFamily ? `${entry.prefix}*` : entry.code,
);

describe('code registries', () => {
  it('give every code once, in kebab-case, with a one-line description', () => {
    for (const codes of [errorCodes, messageCodes, Object.values(FINDING), Object.values(REFUSAL)])
      expect(new Set(codes).size).toBe(codes.length);
    for (const entry of [...Object.values(ERR), ...Object.values(MSG)]) {
      expect(entry.description.length).toBeGreaterThan(10);
      expect(entry.description).not.toContain('\n');
    }
    expect(errorCodes.filter((code) => !/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(code))).toEqual([]);
  });

  it('keep every released code (additions are listed in released-codes.json on purpose)', () => {
    expect([...errorCodes].sort()).toEqual([...released.errors].sort());
    expect([...messageCodes].sort()).toEqual([...released.messages].sort());
    expect(Object.values(FINDING).sort()).toEqual([...released.findings].sort());
    expect(Object.values(REFUSAL).sort()).toEqual([...released.refusals].sort());
  });

  it('register message codes at their levels', () => {
    expect(MSG.SCP_NO_CHANGES.levels).toEqual(['info']);
    expect(MSG.REPLAY_CANCEL_REQUESTED.levels).toEqual(['info', 'warn']);
    expect(MSG.TOOLKIT.of('CDK_TOOLKIT_I5000').code).toBe('toolkit.CDK_TOOLKIT_I5000');
    expect(MSG.TOOLKIT.of('CDK_TOOLKIT_I5000')).toBe(MSG.TOOLKIT.of('CDK_TOOLKIT_I5000'));
    expect(() => MSG.TOOLKIT.of('not a code')).toThrow();
  });

  it('check the level and the payload of a message at compile time (tsc runs over this file)', () => {
    const host = new RecordingHost();
    const io: IoHost = host;
    // @ts-expect-error a warning code is not an info code
    io.info(MSG.REPLAY_NOT_RUNNING, 'x', { state: 'RUNNING' });
    // @ts-expect-error the payload has a type
    io.warn(MSG.BASELINE_ACCOUNT_SKIPPED, 'x', { acount: 'typo' });
    // @ts-expect-error a code without a payload takes none
    io.info(MSG.SCP_NO_CHANGES, 'x', { extra: 1 });
    // @ts-expect-error a string is not a code
    io.info('scp-no-changes', 'x');
    io.info(MSG.REPLAY_CANCEL_REQUESTED, 'asked', { replay: 'r' });
    io.warn(MSG.REPLAY_CANCEL_REQUESTED, 'asked after Ctrl-C', { replay: 'r' });
    expect(host.codes('warn')).toContain('replay-cancel-requested');
    expect(host.codes('info')).toContain('replay-cancel-requested');
  });

  it('refuse codes that are not kebab-case', () => {
    expect(() => ErrorCode.define('Bad_Code', 'a description', 'failed')).toThrow(/kebab-case/);
    expect(() => MessageCode.define('bad code', ['info'], 'a description')).toThrow(/kebab-case/);
  });
});

describe('AwsarchError', () => {
  it('takes its code, and by default its outcome, from the registry entry', () => {
    const error = new AwsarchError(ERR.VEND_TIMEOUT, 'still creating', {
      details: { createAccountRequestId: 'car-1' },
    });
    expect(error).toMatchObject({ code: 'vend-timeout', outcome: 'failed', exitCode: 1 });
    expect(ERR.VEND_TIMEOUT.is(error)).toBe(true);
    expect(ERR.INTERNAL.is(error)).toBe(false);
    expect(new AwsarchError(ERR.TEST_IN_PROGRESS, 'refused').exitCode).toBe(4);
    expect(new AwsarchError(ERR.CANCELLED, 'no', { outcome: 'bad-input' }).exitCode).toBe(2);
    expect(usageError(ERR.WORKLOAD_OUTDATED, 'redeploy')).toMatchObject({ outcome: 'bad-input', exitCode: 2 });
  });

  it('maps every outcome to its exit code in one place', () => {
    expect((['ok', 'failed', 'bad-input', 'changes-pending', 'degraded', 'down'] as const).map(exitCodeOf)).toEqual([
      0, 1, 2, 3, 4, 5,
    ]);
  });
});
