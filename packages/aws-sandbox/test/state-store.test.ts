import { spawn, type ChildProcess } from 'node:child_process';
import { appendFile, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { NEEDS_WRITE, serviceState, StateStore, type SandboxState } from '../src/state.js';
import { encodeEntry } from '../src/state/journal-format.js';
import { temporaryStateDir, waitFor } from './helpers.js';

const ACCOUNT = '123456789012';
type Records = Record<string, Record<string, { i: number; payload?: string }>>;

const stores: StateStore[] = [];
function storeIn(stateDir: string, compactAtBytes?: number): StateStore {
  const store = new StateStore(stateDir, ACCOUNT, { compactAtBytes });
  stores.push(store);
  return store;
}

const recordsOf = (state: SandboxState) => serviceState<Records>(state, 'test', () => ({}));

async function put(store: StateStore, writer: string, i: number, payload?: string): Promise<void> {
  await store.transact(async (tx) => {
    const records = recordsOf(tx.state);
    records[writer] ??= {};
    (records[writer] as Record<string, { i: number; payload?: string }>)[String(i)] = payload ? { i, payload } : { i };
  });
}

async function readRecords(store: StateStore): Promise<Records> {
  const result = await store.read(async (tx) => JSON.parse(JSON.stringify(recordsOf(tx.state))) as Records);
  if (result === NEEDS_WRITE) throw new Error('reading the records needed a write');
  return result;
}

afterEach(() => {
  for (const store of stores.splice(0)) store.close();
});

describe('the state store (snapshot + journal)', () => {
  test('a write costs what it changes: the journal entry of one record does not grow with the state', async () => {
    const stateDir = await temporaryStateDir();
    const store = storeIn(stateDir);
    await store.open();
    const journal = join(stateDir, 'state', 'journal.ndjson');
    const sizes: number[] = [];
    for (let i = 0; i < 400; i++) {
      const before = (await stat(journal).catch(() => ({ size: 0 }))).size;
      await put(store, 'w', i, 'y'.repeat(200));
      sizes.push((await stat(journal)).size - before);
    }
    // The 400th write adds as much as the 2nd, although the state is 200 times larger.
    expect(Math.abs((sizes[399] as number) - (sizes[1] as number))).toBeLessThan(16);
    expect((await readRecords(store)).w).toHaveProperty('399');
  });

  test('the journal is compacted into a snapshot once it outgrows it; another store follows across compactions', async () => {
    const stateDir = await temporaryStateDir();
    const writer = storeIn(stateDir, 4096);
    const follower = storeIn(stateDir, 4096);
    await writer.open();
    await follower.open();
    for (let i = 0; i < 200; i++) {
      await put(writer, 'w', i, 'z'.repeat(100));
      if (i % 37 === 0) expect(Object.keys((await readRecords(follower)).w ?? {})).toHaveLength(i + 1);
    }
    const names = await readdir(join(stateDir, 'state'));
    expect(names.filter((name) => name.startsWith('snapshot-'))).toHaveLength(1);
    expect((await stat(join(stateDir, 'state', 'journal.ndjson'))).size).toBeLessThan(64 * 1024);
    expect(Object.keys((await readRecords(follower)).w ?? {})).toHaveLength(200);
    const fresh = storeIn(stateDir);
    await fresh.open();
    expect(fresh.snapshot()).toEqual(writer.snapshot());
    expect(fresh.snapshot().revision).toBe(200);
  });

  test('a failing transaction changes nothing, in memory or on disk', async () => {
    const stateDir = await temporaryStateDir();
    const store = storeIn(stateDir);
    await store.open();
    await put(store, 'w', 0);
    await expect(
      store.transact(async (tx) => {
        recordsOf(tx.state).w = {};
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect((await readRecords(store)).w).toEqual({ '0': { i: 0 } });
    const fresh = storeIn(stateDir);
    await fresh.open();
    expect(fresh.snapshot().revision).toBe(1);
  });

  test('a read that changes something is answered NEEDS_WRITE and leaves the state as it was', async () => {
    const stateDir = await temporaryStateDir();
    const store = storeIn(stateDir);
    await store.open();
    await put(store, 'w', 0);
    const answer = await store.read(async (tx) => {
      recordsOf(tx.state).w = {};
      return 'changed';
    });
    expect(answer).toBe(NEEDS_WRITE);
    const swallowed = await store.read(async (tx) => {
      try {
        delete recordsOf(tx.state).w;
      } catch {
        // a handler that swallows the error is still found out
      }
      return 'swallowed';
    });
    expect(swallowed).toBe(NEEDS_WRITE);
    // A missing slice is handed to a read without storing it.
    expect(await store.read(async (tx) => serviceState(tx.state, 'unused', () => ({ empty: true })))).toEqual({
      empty: true,
    });
    expect(store.snapshot().services).not.toHaveProperty('unused');
    expect((await readRecords(store)).w).toEqual({ '0': { i: 0 } });
  });

  test('reads of this process do not wait for a write that has not changed anything yet', async () => {
    const stateDir = await temporaryStateDir();
    const store = storeIn(stateDir);
    await store.open();
    await put(store, 'w', 0);
    let release = (): void => undefined;
    const slowWrite = store.transact(async (tx) => {
      await new Promise<void>((resolve) => (release = resolve));
      recordsOf(tx.state).w = { '1': { i: 1 } };
    });
    slowWrite.catch(() => undefined); // observed below, once released
    await waitFor(async () => ((await stat(join(stateDir, 'state.lock')).catch(() => undefined)) ? true : undefined));
    expect((await readRecords(store)).w).toEqual({ '0': { i: 0 } });
    release();
    await slowWrite;
    expect((await readRecords(store)).w).toEqual({ '1': { i: 1 } });
  });

  test('a line cut short by a killed writer is ignored by readers and cut off by the next writer', async () => {
    const stateDir = await temporaryStateDir();
    const store = storeIn(stateDir);
    await store.open();
    await put(store, 'w', 0);
    const journal = join(stateDir, 'state', 'journal.ndjson');
    await appendFile(journal, '0badc0de {"rev":2,"at":"2026-01-01T00:00:00.000Z","pid":1,"ops":[[["services","te');
    const reader = storeIn(stateDir);
    await reader.open();
    expect(reader.snapshot().revision).toBe(1);
    await put(store, 'w', 1);
    const lines = (await readFile(journal, 'utf8')).split('\n');
    expect(lines.filter((line) => line.includes('0badc0de'))).toEqual([]);
    expect((await readRecords(reader)).w).toEqual({ '0': { i: 0 }, '1': { i: 1 } });
  });

  test('damage in the middle of the journal is refused, not silently skipped', async () => {
    const stateDir = await temporaryStateDir();
    const store = storeIn(stateDir);
    await store.open();
    await put(store, 'w', 0);
    const valid = encodeEntry(2, [{ path: ['services', 'test', 'w', '1'], json: '{"i":1}' }], new Date(), 1);
    await appendFile(join(stateDir, 'state', 'journal.ndjson'), `ffffffff {"rev":2,"ops":[]}\n${valid}`);
    await expect(put(storeIn(stateDir), 'w', 1)).rejects.toThrow(/damaged in the middle/);
    const reader = storeIn(stateDir);
    await expect(reader.open()).rejects.toThrow(/damaged in the middle; reset the sandbox/);
  });
});

describe('the state store across processes', () => {
  let buildDir: string;
  let writerScript: string;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    buildDir = await mkdtemp(join(tmpdir(), 'awsarch-state-writer-'));
    writerScript = join(buildDir, 'state-writer.mjs');
    await build({
      entryPoints: [fileURLToPath(new URL('./fixtures/state-writer.ts', import.meta.url))],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile: writerScript,
      logLevel: 'silent',
    });
  });

  afterAll(() => rm(buildDir, { recursive: true, force: true }));

  afterEach(() => {
    for (const child of children.splice(0))
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });

  /** A writer process; acknowledged holds the records it has seen committed. */
  function startWriter(stateDir: string, name: string, records: number, payloadBytes: number, compactAt: number) {
    const child = spawn(
      process.execPath,
      [writerScript, stateDir, name, String(records), String(payloadBytes), String(compactAt)],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    children.push(child);
    const acknowledged: number[] = [];
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) =>
      acknowledged.push(Number(line)),
    );
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal, stderr })),
    );
    return { child, acknowledged, exited };
  }

  test('two writer processes at once lose nothing and keep one revision per transaction', async () => {
    const stateDir = await temporaryStateDir();
    const left = startWriter(stateDir, 'left', 150, 500, 16 * 1024);
    const right = startWriter(stateDir, 'right', 150, 500, 16 * 1024);
    expect(await left.exited).toMatchObject({ code: 0 });
    expect(await right.exited).toMatchObject({ code: 0 });
    const store = storeIn(stateDir);
    await store.open();
    const records = await readRecords(store);
    expect(Object.keys(records.left ?? {})).toHaveLength(150);
    expect(Object.keys(records.right ?? {})).toHaveLength(150);
    expect(store.snapshot().revision).toBe(300);
  }, 60_000);

  test('kill -9 of writers in the middle of writing and compacting never loses a committed write nor corrupts the state', async () => {
    const stateDir = await temporaryStateDir();
    // A steady writer, and victims killed at arbitrary moments while both write large records and compact often.
    const steady = startWriter(stateDir, 'steady', 0, 64 * 1024, 256 * 1024);
    const victims: Array<{ name: string; acknowledged: number[] }> = [];
    for (let round = 0; round < 6; round++) {
      const name = `victim-${round}`;
      const victim = startWriter(stateDir, name, 0, 256 * 1024, 256 * 1024);
      victims.push({ name, acknowledged: victim.acknowledged });
      await waitFor(async () => (victim.acknowledged.length >= 2 + round ? true : undefined), 30_000);
      victim.child.kill('SIGKILL');
      expect((await victim.exited).signal).toBe('SIGKILL');
    }
    steady.child.kill('SIGKILL');
    await steady.exited;

    const store = storeIn(stateDir);
    await store.open();
    const records = await readRecords(store);
    for (const { name, acknowledged } of [...victims, { name: 'steady', acknowledged: steady.acknowledged }]) {
      const kept = Object.keys(records[name] ?? {}).map(Number);
      for (const i of acknowledged) expect(kept, `${name} record ${i}`).toContain(i);
      // Each writer commits in order: what is kept is 0..n, at most one record past the last acknowledged.
      expect(kept.sort((a, b) => a - b)).toEqual(kept.map((_, index) => index));
      expect(kept.length - acknowledged.length).toBeLessThanOrEqual(1);
    }
    const total = Object.values(records).reduce((sum, byWriter) => sum + Object.keys(byWriter).length, 0);
    expect(store.snapshot().revision).toBe(total);
    // A writer afterwards repairs whatever a victim left and carries on.
    await put(store, 'after', 0);
    const again = storeIn(stateDir);
    await again.open();
    expect(again.snapshot().revision).toBe(total + 1);
  }, 120_000);
});
