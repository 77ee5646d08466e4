import { describe, expect, it } from 'vitest';
import { JsonHost } from '../../src/ui/json-host.js';
import { PlainHost } from '../../src/ui/plain-host.js';
import { fakeTerminal } from './fake-terminal.js';

const frame = (n: number) => ({ data: { refresh: n }, human: [{ kind: 'text' as const, lines: [`frame ${n}`] }] });

describe('live frames (--watch)', () => {
  it('JSON host: stdout becomes NDJSON, one line per frame and the result on one line', () => {
    const { terminal, out } = fakeTerminal();
    const host = new JsonHost(terminal, { verbose: false });
    host.live(frame(1));
    host.live(frame(2));
    host.result({ data: { stopped: true }, human: [] });
    expect(
      out()
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line)),
    ).toEqual([{ refresh: 1 }, { refresh: 2 }, { stopped: true }]);
  });

  it('JSON host without frames still prints one pretty document', () => {
    const { terminal, out } = fakeTerminal();
    new JsonHost(terminal, { verbose: false }).result({ data: { a: 1 }, human: [] });
    expect(out()).toBe('{\n  "a": 1\n}\n');
  });

  it('plain host prints every frame in full, a blank line apart, then the result', () => {
    const { terminal, out } = fakeTerminal();
    const host = new PlainHost(terminal, { verbose: false });
    host.live(frame(1));
    host.live(frame(2));
    host.result({ data: {}, human: [{ kind: 'text', lines: ['stopped'] }] });
    expect(out()).toBe('frame 1\n\nframe 2\n\nstopped\n');
  });
});
