import { describe, expect, it } from 'vitest';
import { AwsarchError } from '../../src/core/errors.js';
import { toDocument } from '../../src/documents/document.js';
import { eventDocument } from '../../src/documents/schemas/output.js';
import { resolveOutputMode } from '../../src/ui/create-host.js';
import { JsonHost } from '../../src/ui/json-host.js';
import { PlainHost } from '../../src/ui/plain-host.js';
import { renderTable } from '../../src/ui/render-text.js';
import { fakeTerminal } from './fake-terminal.js';
import { ERR } from '../../src/core/error-codes.js';
import { MSG } from '../../src/core/message-codes.js';

describe('output mode', () => {
  it('uses the TUI only on a terminal outside CI', () => {
    expect(resolveOutputMode('auto', fakeTerminal({ tty: true }).terminal)).toBe('tui');
    expect(resolveOutputMode('auto', fakeTerminal({ tty: true, env: { CI: 'true' } }).terminal)).toBe('plain');
    expect(resolveOutputMode('auto', fakeTerminal({ tty: true, env: { CI: 'false' } }).terminal)).toBe('tui');
    expect(resolveOutputMode('auto', fakeTerminal({ tty: false }).terminal)).toBe('plain');
    expect(resolveOutputMode('json', fakeTerminal({ tty: true }).terminal)).toBe('json');
  });
});

describe('PlainHost', () => {
  it('writes one line per task event on stderr and the result on stdout', () => {
    let now = 0;
    const { terminal, out, err } = fakeTerminal();
    const host = new PlainHost(terminal, { verbose: false, now: () => now });
    const task = host.task('Dev');
    const step = task.task('create');
    now = 1500;
    step.succeed('request car-1');
    task.task('tag').skip('no tags');
    task.fail('boom');
    host.debug(MSG.STACK, 'not shown without verbose');
    host.warn(MSG.BASELINE_NO_ACCOUNTS, 'careful');
    host.result({
      data: toDocument('sandbox-reset', { stateDir: '/tmp/x', reset: true }),
      human: [{ kind: 'text', lines: ['done'] }],
    });
    expect(err().split('\n')).toEqual([
      '… Dev',
      '… Dev › create',
      '✓ Dev › create: request car-1 (1.5s)',
      '… Dev › tag',
      '- Dev › tag: no tags',
      '✗ Dev: boom (1.5s)',
      'warning: careful',
      '',
    ]);
    expect(out()).toBe('done\n');
  });

  it('prints progress only when it crosses a quarter', () => {
    const { terminal, err } = fakeTerminal();
    const task = new PlainHost(terminal, { verbose: false }).task('Replay');
    for (let done = 0; done <= 100; done++) task.progress(done, 100);
    expect(
      err()
        .split('\n')
        .filter((line) => line.startsWith('  Replay')),
    ).toEqual(['  Replay: 0/100', '  Replay: 25/100', '  Replay: 50/100', '  Replay: 75/100', '  Replay: 100/100']);
  });

  it('prints every step of a short count, with the ETA when the task estimates one', () => {
    const { terminal, err } = fakeTerminal();
    const task = new PlainHost(terminal, { verbose: false }).task('Dev');
    task.progress(0, 6, 'locate', {});
    task.progress(0, 6, 'locate', {});
    task.progress(1, 6, 'create', { etaMs: 61_000 });
    task.progress(2, 6, 'wait for creation', { etaMs: 60_500 });
    task.progress(3, 6, 'failed at move into the OU');
    task.cancel();
    expect(err().split('\n')).toEqual([
      '… Dev',
      '  Dev: 0/6 locate · ETA unknown',
      '  Dev: 1/6 create · ETA 1m01s',
      '  Dev: 2/6 wait for creation · ETA 1m01s',
      '  Dev: 3/6 failed at move into the OU',
      expect.stringMatching(/^⊘ Dev: cancelled \(\d/),
      '',
    ]);
  });

  it('says a declined prompt is cancelled, not an error', () => {
    const { terminal, err } = fakeTerminal();
    new PlainHost(terminal, { verbose: false }).error(
      new AwsarchError(ERR.CANCELLED, 'cancelled; nothing was changed'),
    );
    expect(err()).toBe('⊘ cancelled; nothing was changed\n');
  });

  it('writes errors with their hint on stderr', () => {
    const { terminal, err, out } = fakeTerminal();
    new PlainHost(terminal, { verbose: false }).error(new AwsarchError(ERR.INTERNAL, 'it broke', { hint: 'do this' }));
    expect(err()).toBe('error: it broke\nhint: do this\n');
    expect(out()).toBe('');
  });
});

describe('JsonHost', () => {
  it('prints exactly one JSON document and events only with --verbose', () => {
    const quiet = fakeTerminal();
    const host = new JsonHost(quiet.terminal, { verbose: false });
    host.task('Dev').succeed();
    host.info(MSG.SCP_NO_CHANGES, 'hello');
    host.result({ data: toDocument('account-list', { accounts: [] }), human: [] });
    expect(JSON.parse(quiet.out())).toEqual({ schemaVersion: 1, kind: 'account-list', accounts: [] });
    expect(quiet.err()).toBe('');

    const loud = fakeTerminal();
    const verbose = new JsonHost(loud.terminal, { verbose: true });
    verbose.task('Dev').task('create').succeed('ok');
    const events = loud
      .err()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(events.every((event) => event.schemaVersion === 2 && event.kind === 'event')).toBe(true);
    expect(events.map((event) => [event.type, event.status])).toEqual([
      ['task', 'running'],
      ['task', 'running'],
      ['task', 'succeeded'],
    ]);
    expect(events[1].parentId).toBe(events[0].id);
  });

  it('events say cancelled and carry the ETA (null while unknown) of a task that estimates', () => {
    const loud = fakeTerminal();
    const task = new JsonHost(loud.terminal, { verbose: true }).task('Dev');
    task.progress(0, 6, 'locate', {});
    task.progress(1, 6, 'create', { etaMs: 61_000 });
    task.progress(2, 4);
    task.cancel('interrupted');
    const events = loud
      .err()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(events.slice(1).map((event) => [event.type, event.etaMs, event.status])).toEqual([
      ['progress', null, undefined],
      ['progress', 61_000, undefined],
      ['progress', undefined, undefined],
      ['task', undefined, 'cancelled'],
    ]);
    for (const event of events) expect(eventDocument.safeParse(event).success).toBe(true);
  });

  it('prints errors as the error document on stdout', () => {
    const { terminal, out } = fakeTerminal();
    new JsonHost(terminal, { verbose: false }).error(
      new AwsarchError(ERR.BAD_USAGE, 'nope', { hint: 'fix it', details: { reason: 'unknownOption' } }),
    );
    expect(JSON.parse(out())).toEqual({
      schemaVersion: 1,
      kind: 'error',
      error: { code: 'bad-usage', message: 'nope', hint: 'fix it', details: { reason: 'unknownOption' } },
    });
  });

  it('refuses to print a result that names no document kind (it would have no schema)', () => {
    const { terminal, out } = fakeTerminal();
    const host = new JsonHost(terminal, { verbose: false });
    const unnamed = { accountId: '1' } as unknown as ReturnType<typeof toDocument>;
    expect(() => host.result({ data: unnamed, human: [] })).toThrow(/without a document kind/);
    const wrongVersion = { ...toDocument('account-list', { accounts: [] }), schemaVersion: 2 };
    expect(() => host.result({ data: wrongVersion, human: [] })).toThrow(/without a document kind/);
    expect(out()).toBe('');
  });
});

describe('renderTable', () => {
  it('aligns columns and says (none) for no rows', () => {
    expect(renderTable(['A', 'LONGER'], [['xx', 'y']])).toEqual(['A   LONGER', 'xx  y']);
    expect(renderTable(['A'], [])).toEqual(['(none)']);
  });
});
