import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { App } from '../../src/ui/components/App.js';
import { ProgressBar } from '../../src/ui/components/ProgressBar.js';
import { ResultView } from '../../src/ui/components/ResultView.js';
import { TaskTree } from '../../src/ui/components/TaskTree.js';
import { TaskStore, type TaskState } from '../../src/ui/task-store.js';

const strip = (text: string | undefined) => (text ?? '').replace(/\u001b\[[0-9;]*m/g, '');

describe('ink components', () => {
  it('TaskTree nests children under parents with status icons, details and elapsed time', () => {
    const tasks: TaskState[] = [
      { id: 1, title: 'Dev', status: 'running', startedAt: 0 },
      {
        id: 2,
        parentId: 1,
        title: 'create',
        status: 'succeeded',
        detail: 'request car-1',
        startedAt: 0,
        endedAt: 1200,
      },
      { id: 3, parentId: 1, title: 'wait', status: 'running', startedAt: 1200 },
      { id: 4, title: 'Prod', status: 'failed', detail: 'boom', startedAt: 0, endedAt: 500 },
      { id: 5, parentId: 4, title: 'tag', status: 'skipped', detail: 'no tags', startedAt: 0, endedAt: 0 },
    ];
    const frame = strip(render(<TaskTree tasks={tasks} now={3000} tick={0} />).lastFrame());
    const lines = frame.split('\n');
    expect(lines[0]).toMatch(/^⠋ Dev 3\.0s$/);
    expect(lines[1]).toBe('  ✓ create request car-1 1.2s');
    expect(lines[2]).toMatch(/^ {2}⠋ wait 1\.8s$/);
    expect(lines[3]).toBe('✗ Prod boom 0.5s');
    expect(lines[4]).toBe('  – tag no tags');
  });

  it('TaskTree folds a succeeded task to one line but keeps the steps of a failed one', () => {
    const tasks: TaskState[] = [
      { id: 1, title: 'Dev', status: 'succeeded', startedAt: 0, endedAt: 100 },
      { id: 2, parentId: 1, title: 'create', status: 'succeeded', startedAt: 0, endedAt: 100 },
      { id: 3, title: 'Prod', status: 'failed', startedAt: 0, endedAt: 100 },
      { id: 4, parentId: 3, title: 'wait', status: 'failed', detail: 'timeout', startedAt: 0, endedAt: 100 },
    ];
    const frame = strip(render(<TaskTree tasks={tasks} now={100} tick={0} />).lastFrame());
    expect(frame.split('\n')).toEqual(['✓ Dev 0.1s', '✗ Prod 0.1s', '  ✗ wait timeout 0.1s']);
  });

  it('ProgressBar shows the share done', () => {
    expect(strip(render(<ProgressBar done={5} total={10} width={10} />).lastFrame())).toBe('█████░░░░░ 50% (5/10)');
    expect(strip(render(<ProgressBar done={0} total={0} width={4} />).lastFrame())).toBe('░░░░ 0% (0/0)');
  });

  it('ResultView renders tables and trees', () => {
    const frame = strip(
      render(
        <ResultView
          blocks={[
            {
              kind: 'table',
              columns: ['ID', 'NAME'],
              rows: [
                ['1', 'Dev'],
                ['22', 'Prod'],
              ],
            },
            { kind: 'tree', root: { label: 'Root', children: [{ label: 'Dev', children: [] }] } },
          ]}
        />,
      ).lastFrame(),
    );
    expect(frame).toBe(['ID  NAME', '1   Dev', '22  Prod', '', 'Root', '└── Dev'].join('\n'));
  });

  it('App shows tasks from the store as they change, and answers a prompt with y', async () => {
    const store = new TaskStore(() => 0);
    const app = render(<App store={store} verbose={false} now={() => 1000} tickMs={10_000} />);
    const id = store.addTask('Create OU Security');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(strip(app.lastFrame())).toContain('Create OU Security');
    store.updateTask(id, { status: 'succeeded', detail: 'ou-1' });
    let answered: boolean | undefined;
    store.setPrompt({ question: 'Detach FullAWSAccess?', answer: (yes) => (answered = yes) });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(strip(app.lastFrame())).toContain('? Detach FullAWSAccess? [y/N]');
    expect(strip(app.lastFrame())).toContain('✓ Create OU Security ou-1');
    app.stdin.write('y');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(answered).toBe(true);
    app.unmount();
  });

  it('App hides debug messages unless verbose', async () => {
    const store = new TaskStore();
    store.addMessage({ level: 'debug', code: 'aws-call', text: 'Organizations.ListRoots: ok' });
    store.addMessage({ level: 'warn', code: 'w', text: 'careful' });
    expect(strip(render(<App store={store} verbose={false} />).lastFrame()).trimEnd()).toBe('⚠ careful');
    expect(strip(render(<App store={store} verbose />).lastFrame())).toContain('Organizations.ListRoots: ok');
  });
});
