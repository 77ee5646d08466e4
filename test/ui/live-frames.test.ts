import { describe, expect, it } from 'vitest';
import { toDocument } from '../../src/documents/document.js';
import { JsonHost } from '../../src/ui/json-host.js';
import { PlainHost } from '../../src/ui/plain-host.js';
import { fakeTerminal } from './fake-terminal.js';

const frame = (n: number) => ({
  data: toDocument('hybrid-status-watch', { watch: { refreshes: n } }),
  human: [{ kind: 'text' as const, lines: [`frame ${n}`] }],
});
const stopped = toDocument('sandbox-reset', { stateDir: '/tmp/x', reset: true });

describe('live frames (--watch)', () => {
  it('JSON host: stdout becomes NDJSON, one line per frame and the result on one line', () => {
    const { terminal, out } = fakeTerminal();
    const host = new JsonHost(terminal, { verbose: false });
    host.live(frame(1));
    host.live(frame(2));
    host.result({ data: stopped, human: [] });
    expect(
      out()
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line)),
    ).toEqual([frame(1).data, frame(2).data, stopped]);
  });

  it('JSON host without frames still prints one pretty document', () => {
    const { terminal, out } = fakeTerminal();
    new JsonHost(terminal, { verbose: false }).result({ data: stopped, human: [] });
    expect(out()).toBe(`${JSON.stringify(stopped, null, 2)}\n`);
    expect(out().split('\n').length).toBeGreaterThan(2);
  });

  it('plain host prints every frame in full, a blank line apart, then the result', () => {
    const { terminal, out } = fakeTerminal();
    const host = new PlainHost(terminal, { verbose: false });
    host.live(frame(1));
    host.live(frame(2));
    host.result({ data: stopped, human: [{ kind: 'text', lines: ['stopped'] }] });
    expect(out()).toBe('frame 1\n\nframe 2\n\nstopped\n');
  });
});
