import { beforeAll, describe, expect, test } from 'vitest';
import { MSG } from '../../src/core/message-codes.js';
import { ttyOf } from './fake-tty.js';

// The real ink host on a terminal of a real size (80x24, 120x40), its bytes interpreted by a small
// emulator: finished work is printed once and never redrawn, the live part never reaches the top of the
// screen (so ink never clears it, scrollback and all), no line is wider than the terminal, and the
// output ends with a newline.
let InkHost: typeof import('../../src/ui/ink-host.js').InkHost;
let createIoHost: typeof import('../../src/ui/create-host.js').createIoHost;
beforeAll(async () => {
  delete process.env.CI; // ink decides at load whether it is in CI (then it never redraws)
  process.env.FORCE_COLOR = '1'; // chalk decides at load; the host then decides per run
  ({ InkHost } = await import('../../src/ui/ink-host.js'));
  ({ createIoHost } = await import('../../src/ui/create-host.js'));
});

const settle = () => new Promise((resolve) => setTimeout(resolve, 40));
const LONG_WORDS = 'organization-wide-guardrail-for-regions';

async function busyCommand(host: InstanceType<typeof InkHost>) {
  for (let batch = 0; batch < 3; batch++) {
    const parents = [0, 1, 2].map((i) => host.task(`Vend account ${batch}-${i} into Workloads/NonProd/Team-${i}`));
    const children = parents.flatMap((parent) =>
      Array.from({ length: 12 }, (_, i) => parent.task(`step ${i} of a long and detailed vending procedure`)),
    );
    for (let i = 0; i < 10; i++) {
      host.info(MSG.SCP_NO_CHANGES, `message ${batch}-${i}: ${'word '.repeat(30)}end`);
      children[i * 3]?.succeed(`done ${i}`);
      parents[0]?.progress(i, 10, 'waiting for CreateAccount');
      await settle();
    }
    for (const child of children) child.succeed();
    parents.forEach((parent, i) => (i === 1 ? parent.fail('access denied') : parent.succeed(`account ${batch}-${i}`)));
    await settle();
  }
  for (let frame = 0; frame < 4; frame++) {
    host.live({
      data: { kind: 'hybrid-status-frame', schemaVersion: 1 } as never,
      human: [
        { kind: 'text', lines: [`headline: refresh ${frame}`, `changed since the last refresh: ${frame} item(s)`] },
        { kind: 'text', lines: Array.from({ length: 60 }, (_, i) => `frame ${frame} line ${i}`) },
      ],
    });
    await settle();
  }
  host.result({
    data: { kind: 'x', schemaVersion: 1 } as never,
    human: [
      {
        kind: 'table',
        columns: ['ACCOUNT', 'POLICY', 'DESCRIPTION'],
        rows: Array.from({ length: 50 }, (_, i) => [
          `Account-${i}-with-a-long-name`,
          LONG_WORDS,
          `row ${i}: ${'a description that goes on '.repeat(6)}`,
        ]),
      },
    ],
  });
}

describe.each([
  [80, 24],
  [120, 40],
])('the ink host at %ix%i', (columns, rows) => {
  test('finished work is printed once, the live part stays on screen, lines fit, the output ends with a newline', async () => {
    const { screen, terminal } = ttyOf(columns, rows);
    const host = new InkHost(terminal, { verbose: false });
    await busyCommand(host);
    await host.close();
    const transcript = screen.transcript();

    expect(screen.clears).toBe(0);
    expect(screen.maxUp).toBeLessThanOrEqual(rows - 1);
    expect(screen.rewrittenAfterFinal()).toEqual([]);
    expect(transcript.filter((line) => line.length > columns)).toEqual([]);
    expect(screen.raw.endsWith('\n')).toBe(true);
    // Every message once, in order; every finished top-level task once.
    const messages = transcript.filter((line) => /^message \d-\d:/.test(line)).map((line) => line.slice(0, 13));
    expect(messages).toEqual(
      Array.from({ length: 30 }, (_, i) => `message ${Math.floor(i / 10)}-${i % 10}: `.slice(0, 13)),
    );
    expect(transcript.filter((line) => /^✓ Vend account 0-0 /.test(line))).toHaveLength(1);
    expect(transcript.filter((line) => /^✗ Vend account 2-1 /.test(line))).toHaveLength(1);
    // The last frame in full after the live part, then the whole table (every row, words whole).
    expect(transcript.filter((line) => line === 'frame 3 line 59')).toHaveLength(1);
    expect(transcript.filter((line) => line.startsWith('Account-'))).toHaveLength(50);
    for (const line of transcript.filter((candidate) => candidate.includes('description')))
      expect(line).not.toMatch(/descripti$|descr$|goe$/);
  }, 30_000);
});

describe('colour in the terminal UI (clig.dev)', () => {
  const COLOUR = /\u001b\[(3\d|9\d|1|2)m/;
  async function paint(env: Record<string, string>, noColor = false) {
    const { screen, terminal } = ttyOf(80, 24, env);
    const host = await createIoHost('tui', terminal, false, noColor);
    const task = host.task('Read the organization');
    host.warn(MSG.BASELINE_NO_ACCOUNTS, 'no member account matches');
    task.succeed('3 accounts');
    await settle();
    await host.close();
    return screen.raw;
  }

  test('colour by default on a terminal; none with NO_COLOR, TERM=dumb or --no-color; FORCE_COLOR wins over NO_COLOR', async () => {
    expect(await paint({})).toMatch(COLOUR);
    expect(await paint({ NO_COLOR: '1' })).not.toMatch(COLOUR);
    expect(await paint({ TERM: 'dumb' })).not.toMatch(COLOUR);
    expect(await paint({}, true)).not.toMatch(COLOUR);
    expect(await paint({ NO_COLOR: '1', FORCE_COLOR: '1' })).toMatch(COLOUR);
    expect(await paint({ FORCE_COLOR: '0' })).not.toMatch(COLOUR);
    // Without colour the text is all still there.
    expect(await paint({ NO_COLOR: '1' })).toContain('⚠ no member account matches');
  });
});
