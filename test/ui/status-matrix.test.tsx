import { describe, expect, it } from 'vitest';
import type { MatrixRow } from '../../src/ui/io-host.js';
import { renderBlocksAsText } from '../../src/ui/render-text.js';

// Colours are decided when chalk loads, and there is no terminal here: force them, then load ink.
process.env.FORCE_COLOR = '1';
const { render } = await import('ink-testing-library');
const { ResultView } = await import('../../src/ui/components/ResultView.js');
const { StatusMatrix } = await import('../../src/ui/components/StatusMatrix.js');

const strip = (text: string | undefined) => (text ?? '').replace(/\u001b\[[0-9;]*m/g, '');
const rows: MatrixRow[] = [
  {
    label: 'organization',
    cells: [
      { text: 'OK', tone: 'ok' },
      { text: 'ERROR', tone: 'bad' },
    ],
  },
  {
    label: 'Dev 111111111111',
    cells: [
      { text: 'DRIFT (2)', tone: 'warn' },
      { text: 'MISSING (7)', tone: 'warn' },
    ],
  },
];

describe('StatusMatrix', () => {
  it('draws a row per account and a column per step, aligned', () => {
    const frame = strip(
      render(<StatusMatrix corner="ACCOUNT" columns={['cloudtrail', 'config']} rows={rows} />).lastFrame(),
    );
    expect(frame.split('\n')).toEqual([
      'ACCOUNT           cloudtrail  config',
      'organization      OK          ERROR',
      'Dev 111111111111  DRIFT (2)   MISSING (7)',
    ]);
  });

  it('colours cells by tone: green as wanted, yellow differing, red failed', () => {
    const frame =
      render(<StatusMatrix corner="ACCOUNT" columns={['cloudtrail', 'config']} rows={rows} />).lastFrame() ?? '';
    expect(frame).toContain('\u001b[32mOK');
    expect(frame).toContain('\u001b[31mERROR');
    expect(frame).toContain('\u001b[33mDRIFT (2)');
  });

  it('is what ResultView shows for a matrix block, and plain output prints the same table', () => {
    const block = {
      kind: 'matrix' as const,
      title: 'Baseline default',
      corner: 'ACCOUNT',
      columns: ['cloudtrail', 'config'],
      rows,
    };
    const frame = strip(render(<ResultView blocks={[block]} />).lastFrame());
    expect(frame.split('\n')[0]).toBe('Baseline default');
    expect(frame).toContain('Dev 111111111111  DRIFT (2)   MISSING (7)');
    expect(renderBlocksAsText([block])).toEqual([
      'Baseline default',
      'ACCOUNT           cloudtrail  config',
      'organization      OK          ERROR',
      'Dev 111111111111  DRIFT (2)   MISSING (7)',
    ]);
  });
});
