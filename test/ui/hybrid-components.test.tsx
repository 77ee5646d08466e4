import { beforeAll, describe, expect, it } from 'vitest';
import type { DiagramColumn, FindingItem } from '../../src/ui/io-host.js';
import { renderBlocksAsText } from '../../src/ui/render-text.js';

// Colours are what these components are about: force them before ink (and chalk) load.
process.env.FORCE_COLOR = '1';
let render: typeof import('ink-testing-library').render;
let Diagram: typeof import('../../src/ui/components/Diagram.js').Diagram;
let Findings: typeof import('../../src/ui/components/Findings.js').Findings;
let ResultView: typeof import('../../src/ui/components/ResultView.js').ResultView;
let App: typeof import('../../src/ui/components/App.js').App;
let TaskStore: typeof import('../../src/ui/task-store.js').TaskStore;

beforeAll(async () => {
  ({ render } = await import('ink-testing-library'));
  ({ Diagram } = await import('../../src/ui/components/Diagram.js'));
  ({ Findings } = await import('../../src/ui/components/Findings.js'));
  ({ ResultView } = await import('../../src/ui/components/ResultView.js'));
  ({ App } = await import('../../src/ui/components/App.js'));
  ({ TaskStore } = await import('../../src/ui/task-store.js'));
});

const strip = (text: string | undefined) => (text ?? '').replace(/\u001b\[[0-9;]*m/g, '');
const GREEN = '\u001b[32m';
const YELLOW = '\u001b[33m';
const RED = '\u001b[31m';

/** Narrow enough for the 100 columns of ink-testing-library's terminal. */
const COLUMNS: DiagramColumn[] = [
  { title: 'On-premises', nodes: [{ label: '10.0.0.0/8', detail: 'via VPN', tone: 'warn', changed: true }] },
  {
    title: 'DX / VPN',
    nodes: [
      { label: 'dx-eqdc2', detail: 'down', tone: 'bad' },
      { label: 'vif-eqdc2', detail: 'BGP down', tone: 'bad', depth: 1 },
      { label: 'vpn', detail: '2 tunnels UP', tone: 'ok', active: true },
    ],
  },
  { title: 'TGW', nodes: [{ label: 'tgw-1', tone: 'ok' }] },
  { title: 'VPCs', nodes: [] },
];

const FINDINGS: FindingItem[] = [
  { severity: 'critical', text: '10.0.0.0/8 has no route' },
  { severity: 'warning', text: 'VPN tunnel 2 is down', changed: true },
  { severity: 'info', text: 'a test is running' },
];

describe('hybrid ink components', () => {
  it('Diagram draws the columns left to right, nodes coloured by state, the active path and changes marked', () => {
    const frame = render(<Diagram columns={COLUMNS} />).lastFrame() ?? '';
    const text = strip(frame);
    const lines = text.split('\n');
    const header = lines.find((line) => line.includes('On-premises')) ?? '';
    for (const title of ['On-premises', 'DX / VPN', 'TGW', 'VPCs']) expect(header).toContain(title);
    expect(header.indexOf('On-premises')).toBeLessThan(header.indexOf('DX / VPN'));
    expect(text).toContain('─▶');
    expect(text).toMatch(/▶ vpn ◀ carries traffic/);
    expect(text).toMatch(/10\.0\.0\.0\/8  changed/);
    expect(text).toMatch(/✗ vif-eqdc2/);
    expect(text).toContain('(none)');
    expect(frame).toContain(`${RED}✗`);
    expect(frame).toContain(`${YELLOW}▲`);
    expect(frame).toContain(`${GREEN}●`);
    // The VIF is indented under its connection.
    const connection = lines.find((line) => line.includes('dx-eqdc2')) ?? '';
    const vif = lines.find((line) => line.includes('vif-eqdc2')) ?? '';
    expect(vif.indexOf('✗')).toBe(connection.indexOf('✗') + 2);
  });

  it('Diagram stacks the stages from top to bottom when the terminal is too narrow', () => {
    const text = strip(render(<Diagram columns={COLUMNS} width={40} />).lastFrame());
    const lines = text.split('\n');
    const row = (title: string) => lines.findIndex((line) => line.includes(title));
    expect(row('On-premises')).toBeLessThan(row('DX / VPN'));
    expect(row('DX / VPN')).toBeLessThan(row('TGW'));
    expect(lines.filter((line) => line.trim() === '▼')).toHaveLength(3);
    expect(text).not.toContain('─▶');
  });

  it('Findings lists severities with coloured icons and marks what is new', () => {
    const frame = render(<Findings title="Findings" items={FINDINGS} />).lastFrame() ?? '';
    expect(strip(frame).split('\n')).toEqual([
      'Findings',
      '✗ 10.0.0.0/8 has no route',
      '!  new  VPN tunnel 2 is down',
      'i a test is running',
    ]);
    expect(frame).toContain(`${RED}✗`);
    expect(frame).toContain(`${YELLOW}!`);
    expect(strip(render(<Findings items={[]} />).lastFrame())).toBe('✓ no findings');
  });

  it('ResultView renders the new block kinds, and the plain renderer says the same without colour', () => {
    const blocks = [
      { kind: 'diagram' as const, columns: COLUMNS },
      { kind: 'findings' as const, title: 'Findings', items: FINDINGS },
    ];
    const frame = strip(render(<ResultView blocks={blocks} />).lastFrame());
    expect(frame).toContain('vif-eqdc2');
    expect(frame).toContain('VPN tunnel 2 is down');
    const plain = renderBlocksAsText(blocks);
    expect(plain[0]).toBe('On-premises ──▶ DX / VPN ──▶ TGW ──▶ VPCs');
    expect(plain).toContain('  * WARN 10.0.0.0/8   via VPN');
    expect(plain).toContain('    DOWN   vif-eqdc2  BGP down');
    expect(plain).toContain('   >ok   vpn          2 tunnels UP');
    expect(plain).toContain('       (none)');
    expect(plain).toContain('* warning  VPN tunnel 2 is down');
    expect(plain).toContain('  CRITICAL 10.0.0.0/8 has no route');
  });

  it('App redraws the live frame in place, below the static lines, cut to the screen', () => {
    const store = new TaskStore();
    store.addMessage({ level: 'info', code: 'i', text: 'printed once' });
    const view = (live: string[]) => <App store={store} verbose={false} live={live} rows={4} tickMs={10_000} />;
    const app = render(view(['frame 1']));
    expect(strip(app.lastFrame())).toBe('printed once\nframe 1');
    app.rerender(view(['frame 2', 'b', 'c', 'd', 'e']));
    // Three lines of a 4-row screen (one is the cursor's): the top of the frame, then what is hidden.
    expect(strip(app.lastFrame()).split('\n').slice(1)).toEqual([
      'frame 2',
      'b',
      expect.stringMatching(/^… 3 more lines \(shown at the end/),
    ]);
    app.unmount();
  });
});
