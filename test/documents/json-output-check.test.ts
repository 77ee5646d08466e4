import { describe, expect, it } from 'vitest';
import { toDocument } from '../../src/documents/document.js';
import { checkJsonOutput, commandOf, wantsJson } from '../e2e/json-output.js';

const reset = toDocument('sandbox-reset', { stateDir: '/tmp/x', reset: true });
const pretty = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
const lines = (...values: unknown[]) => values.map((value) => `${JSON.stringify(value)}\n`).join('');
const check = (args: string[], stdout: string, stderr = '', signal: NodeJS.Signals | null = null) =>
  checkJsonOutput(args, {}, { stdout, stderr, signal }).problems;
const JSON_RESET = ['--output', 'json', 'sandbox', 'reset', '--yes'];

describe('the e2e check of JSON output (run-binary.ts)', () => {
  it('finds the command after the global options, and whether JSON was asked for', () => {
    expect(commandOf(['--sandbox', '--output', 'json', 'scp', 'apply', '--from', 'x.yaml'])).toEqual(['scp', 'apply']);
    expect(commandOf(['--yes', 'deploy', 'orders', '--account', 'Dev'])).toEqual(['deploy', 'orders']);
    expect(commandOf(['--sandbox', 'hybrid', 'alarms', 'apply', '--yes'])).toEqual(['hybrid', 'alarms', 'apply']);
    expect(wantsJson(['-o', 'json', 'org', 'show'], {})).toBe(true);
    expect(wantsJson(['--output=json', 'org', 'show'], {})).toBe(true);
    expect(wantsJson(['org', 'show'], { AWSARCH_OUTPUT: 'json' })).toBe(true);
    expect(wantsJson(['--output', 'plain', 'org', 'show'], { AWSARCH_OUTPUT: 'json' })).toBe(false);
  });

  it('accepts a valid document, and checks nothing when JSON was not asked for', () => {
    expect(check(JSON_RESET, pretty(reset))).toEqual([]);
    expect(check(['sandbox', 'reset', '--yes'], 'sandbox state deleted\n')).toEqual([]);
  });

  it('rejects a field the schema does not name, a wrong type, a missing kind and an unknown kind', () => {
    expect(check(JSON_RESET, pretty({ ...reset, internal: { plan: 1 } }))).toEqual([
      'stdout: sandbox-reset (document): must NOT have additional properties (internal)',
    ]);
    expect(check(JSON_RESET, pretty({ ...reset, reset: 'yes' }))[0]).toMatch(/sandbox-reset\/reset: must be boolean/);
    expect(check(JSON_RESET, pretty({ stateDir: '/tmp/x', reset: true }))).toEqual([
      'stdout: the document names no kind',
    ]);
    expect(check(JSON_RESET, pretty({ ...reset, kind: 'sandbox-nuke' }))).toEqual([
      'stdout: there is no schema for kind "sandbox-nuke" (schemas/sandbox-nuke.schema.json)',
    ]);
  });

  it('rejects a document the catalog does not list for the command that printed it, and no document at all', () => {
    expect(check(['--output', 'json', 'org', 'show'], pretty(reset))).toEqual([
      'stdout: "org show" printed sandbox-reset, which the catalog does not list for it',
    ]);
    expect(check(JSON_RESET, '')).toEqual([
      'stdout: no JSON document (--output json prints one, or the error document)',
    ]);
    expect(check(JSON_RESET, '', '', 'SIGKILL')).toEqual([]);
  });

  it('reads NDJSON streams line by line: only stream lines may come before the last line', () => {
    const frame = toDocument('hybrid-status-watch', { watch: { refreshes: 1 } });
    const failover = ['--output', 'json', 'hybrid', 'status', '--watch', '1'];
    expect(check(failover, lines(frame, frame))).toEqual([]);
    expect(check(failover, lines(toDocument('error', { error: { code: 'x', message: 'y' } }), frame))).toEqual([
      'stdout line 1: error is not a stream line but more lines follow it',
    ]);
    expect(check(failover, `${lines(frame)}not json\n`)).toEqual(['stdout line 2 is not JSON: not json']);
    // A process killed mid-write leaves half a line: the complete lines are still checked.
    expect(check(failover, `${lines(frame)}{"schemaVer`, '', 'SIGKILL')).toEqual([]);
  });

  it('with --verbose, checks every JSON line on stderr as an event', () => {
    const event = toDocument('event', { time: new Date(0).toISOString(), type: 'progress', id: 1, done: 1, total: 2 });
    const verbose = [...JSON_RESET, '--verbose'];
    expect(check(verbose, pretty(reset), lines(event))).toEqual([]);
    expect(check(verbose, pretty(reset), lines({ ...event, done: -1 }))[0]).toMatch(/^stderr line 1: event/);
    expect(check(verbose, pretty(reset), lines(reset))).toEqual(['stderr line 1: sandbox-reset on stderr']);
  });
});
