/** A change a transaction made: the value now at a path from the state's root (undefined: removed). */
export interface StateChange {
  readonly path: readonly string[];
  /** The value as JSON text; undefined when the path no longer exists. */
  readonly json: string | undefined;
}

/** Thrown when a read-only transaction tries to change the state: the caller re-runs it as a write. */
export class WriteInReadTransaction extends Error {
  constructor() {
    super('the sandbox state was changed inside a read-only transaction');
    this.name = 'WriteInReadTransaction';
  }
}

type Key = string | symbol;

/** Where an object sits in the state tree (its parent's node and its key there), and its two proxies. */
interface TrackedNode {
  readonly parent: TrackedNode | undefined;
  readonly key: string;
  readonly proxies: StateProxies;
  reader?: object;
  writer?: object;
}

interface UndoEntry {
  readonly target: Record<Key, unknown>;
  readonly key: Key;
  readonly had: boolean;
  readonly old: unknown;
}

/** Objects proxies are handed out for: plain objects and arrays, the shapes JSON state is made of. */
function isTrackable(value: unknown): value is object {
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) return true;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

/** Raw state object -> its node; proxy -> raw object. Proxies live as long as their object, so reads allocate nothing. */
const nodes = new WeakMap<object, TrackedNode>();
const rawOf = new WeakMap<object, object>();

/** The proxies of the store whose read-only root this is (serviceState() must not store a new slice there). */
export function readerProxiesOf(state: object): StateProxies | undefined {
  const raw = rawOf.get(state);
  const node = raw ? nodes.get(raw) : undefined;
  return node && node.reader === state ? node.proxies : undefined;
}

/** The raw object behind a state proxy (the value itself otherwise). */
export function unwrapState<T>(value: T): T {
  return (typeof value === 'object' && value !== null ? (rawOf.get(value) ?? value) : value) as T;
}

function childProxy(target: object, key: Key, mode: 'reader' | 'writer'): unknown {
  const value = (target as Record<Key, unknown>)[key];
  if (typeof value !== 'object' || value === null) return value;
  // The common case, one lookup: an object of the state that has been handed out before.
  const known = nodes.get(value);
  if (known) return known[mode] ?? proxyOf(value, known.proxies, known.parent, known.key, mode);
  if (typeof key === 'symbol') return value;
  const raw = rawOf.get(value) ?? value;
  if (!isTrackable(raw)) return value;
  const parent = nodes.get(target);
  if (!parent) return value;
  return proxyOf(raw, parent.proxies, parent, key, mode);
}

function proxyOf(
  raw: object,
  proxies: StateProxies,
  parent: TrackedNode | undefined,
  key: string,
  mode: 'reader' | 'writer',
): object {
  let node = nodes.get(raw);
  if (!node) {
    node = { parent, key, proxies };
    nodes.set(raw, node);
  }
  let proxy = node[mode];
  if (!proxy) {
    proxy = new Proxy(raw, mode === 'reader' ? readHandler : writeHandler);
    rawOf.set(proxy, raw);
    node[mode] = proxy;
  }
  return proxy;
}

function refuseWrite(target: object): never {
  const node = nodes.get(target);
  if (node) node.proxies.refusedWrites += 1;
  throw new WriteInReadTransaction();
}

/** What reads get: every change is refused (and counted, in case the caller swallows the error). */
const readHandler: ProxyHandler<object> = {
  get: (target, key) => childProxy(target, key, 'reader'),
  set: (target) => refuseWrite(target),
  deleteProperty: (target) => refuseWrite(target),
  defineProperty: (target) => refuseWrite(target),
  setPrototypeOf: (target) => refuseWrite(target),
};

function writerOf(target: object): { node: TrackedNode; tracker: ChangeTracker } {
  const node = nodes.get(target);
  const tracker = node?.proxies.writer;
  if (!node || !tracker) throw new Error('a sandbox state object was changed outside a write transaction');
  return { node, tracker };
}

/** What a write gets: changes go through to the state and are recorded by the running write. */
const writeHandler: ProxyHandler<object> = {
  get: (target, key) => childProxy(target, key, 'writer'),
  set(target, key, value) {
    const { node, tracker } = writerOf(target);
    tracker.beforeWrite(node, target, key);
    return Reflect.set(target, key, unwrapState(value));
  },
  deleteProperty(target, key) {
    const { node, tracker } = writerOf(target);
    tracker.beforeWrite(node, target, key);
    return Reflect.deleteProperty(target, key);
  },
  defineProperty(target, key, descriptor) {
    const { node, tracker } = writerOf(target);
    tracker.beforeWrite(node, target, key);
    const value = 'value' in descriptor ? { ...descriptor, value: unwrapState(descriptor.value) } : descriptor;
    return Reflect.defineProperty(target, key, value);
  },
  setPrototypeOf() {
    throw new TypeError('the sandbox state holds plain JSON data; prototypes cannot be changed');
  },
};

/**
 * The proxies of one store's state. Reads get read-only proxies (a change is refused and counted, so the
 * read can be run again as a write); the one write transaction a store runs at a time gets tracking
 * proxies that record which paths it changed (only those are written) and how to undo them.
 */
export class StateProxies {
  /** Changes refused to reads so far: a read that sees this move tried to write, even if it swallowed the error. */
  refusedWrites = 0;
  /** The write transaction running now, if any. */
  writer: ChangeTracker | undefined;

  /** The root as a read sees it. */
  reader<T extends object>(root: T): T {
    return proxyOf(root, this, undefined, '', 'reader') as T;
  }

  /** A value that is not part of the state, as a read sees it (changing it is refused like any change of a read). */
  detached<T extends object>(value: T): T {
    const refuse = (): never => {
      this.refusedWrites += 1;
      throw new WriteInReadTransaction();
    };
    const handler: ProxyHandler<object> = {
      get(target, key) {
        const child = Reflect.get(target, key) as unknown;
        return isTrackable(child) ? new Proxy(child, handler) : child;
      },
      set: refuse,
      deleteProperty: refuse,
      defineProperty: refuse,
      setPrototypeOf: refuse,
    };
    return new Proxy(value, handler) as T;
  }

  /** Starts the write transaction; its changes are recorded until it is closed. */
  beginWrite(root: object): ChangeTracker {
    if (this.writer) throw new Error('a sandbox state store runs one write transaction at a time');
    this.writer = new ChangeTracker(root, this);
    return this.writer;
  }
}

/**
 * What one write transaction changed: the paths (so only those are written) and how to undo them (when it
 * fails). The handler mutates the live state in place, as it always did. Values it assigns are taken as
 * they are when the transaction commits, so a new record may still be filled in after it was stored.
 */
export class ChangeTracker {
  /** Changed (parent node, key) pairs; an array counts as changed as a whole. */
  private readonly dirty = new Map<TrackedNode, Set<string>>();
  private readonly undo: UndoEntry[] = [];
  private saved = new WeakMap<object, Set<Key>>();

  constructor(
    private readonly root: object,
    private readonly proxies: StateProxies,
  ) {}

  /** The root as the transaction sees it. */
  get state(): object {
    return proxyOf(this.root, this.proxies, undefined, '', 'writer');
  }

  /** True once something was changed and not yet taken by takeChanges(). */
  get hasChanges(): boolean {
    return this.dirty.size > 0;
  }

  /** Called by the proxies before every change. */
  beforeWrite(node: TrackedNode, target: object, key: Key): void {
    if (typeof key === 'symbol')
      throw new TypeError('the sandbox state holds plain JSON data; symbol keys are not stored');
    this.rememberUndo(target as Record<Key, unknown>, key);
    // An array is written as a whole: index shifts (push, splice, sort) make element paths unstable.
    if (Array.isArray(target) && node.parent) this.markDirty(node.parent, node.key);
    else this.markDirty(node, key);
  }

  private markDirty(node: TrackedNode, key: string): void {
    let keys = this.dirty.get(node);
    if (!keys) {
      keys = new Set();
      this.dirty.set(node, keys);
    }
    keys.add(key);
  }

  private rememberUndo(target: Record<Key, unknown>, key: Key): void {
    let keys = this.saved.get(target);
    if (!keys) {
      keys = new Set();
      this.saved.set(target, keys);
    }
    if (keys.has(key)) return;
    keys.add(key);
    const had = Object.prototype.hasOwnProperty.call(target, key);
    this.undo.push({ target, key, had, old: had ? target[key] : undefined });
  }

  /**
   * The changes since the last call, as the smallest set of paths that covers them, each with its value as
   * JSON. The values written are parsed back into the live state, so the state in memory is exactly what a
   * process loading it from disk would see (no shared objects, no undefined members). Objects the
   * transaction obtained before this call must not be changed afterwards.
   */
  takeChanges(): StateChange[] {
    const paths: string[][] = [];
    for (const [node, keys] of this.dirty) {
      const base = pathOf(node);
      for (const key of keys) paths.push([...base, key]);
    }
    this.dirty.clear();
    this.undo.length = 0;
    this.saved = new WeakMap();
    const changes: StateChange[] = [];
    for (const path of coveringPaths(paths)) {
      const holder = resolve(this.root, path.slice(0, -1)) as Record<string, unknown> | undefined;
      const key = path[path.length - 1] as string;
      const value = holder && Object.prototype.hasOwnProperty.call(holder, key) ? holder[key] : undefined;
      const json = value === undefined ? undefined : JSON.stringify(value);
      if (holder) {
        if (json === undefined) delete holder[key];
        else holder[key] = JSON.parse(json) as unknown;
      }
      changes.push({ path, json });
    }
    return changes;
  }

  /** Undoes every change since the last takeChanges(), newest first. */
  rollback(): void {
    for (let i = this.undo.length - 1; i >= 0; i--) {
      const { target, key, had, old } = this.undo[i] as UndoEntry;
      if (had) target[key] = old;
      else delete target[key];
    }
    this.undo.length = 0;
    this.saved = new WeakMap();
    this.dirty.clear();
  }

  /** Ends the transaction: its objects may still be read; changing them fails unless another write is running. */
  close(): void {
    if (this.proxies.writer === this) this.proxies.writer = undefined;
  }
}

function pathOf(node: TrackedNode): string[] {
  const path: string[] = [];
  for (let current: TrackedNode | undefined = node; current?.parent; current = current.parent) path.push(current.key);
  return path.reverse();
}

/** The raw object at path below root, or undefined if some part of the path is missing. */
function resolve(root: object, path: readonly string[]): object | undefined {
  let current: unknown = root;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return typeof current === 'object' && current !== null ? current : undefined;
}

/** Drops every path below another path of the list (the ancestor's value covers it) and duplicates; keeps the order. */
export function coveringPaths(paths: readonly (readonly string[])[]): string[][] {
  const byLength = [...paths].sort((a, b) => a.length - b.length);
  const kept = new Set<string>();
  for (const path of byLength) {
    let covered = false;
    for (let length = 1; length <= path.length && !covered; length++)
      covered = kept.has(pathKey(path.slice(0, length)));
    if (!covered) kept.add(pathKey(path));
  }
  const result: string[][] = [];
  for (const path of paths) {
    if (kept.delete(pathKey(path))) result.push([...path]);
  }
  return result;
}

function pathKey(path: readonly string[]): string {
  return JSON.stringify(path);
}

/** Applies a change read back from the journal to a raw state (creating missing parents). */
export function applyChange(root: object, path: readonly string[], value: unknown): void {
  let current = root as Record<string, unknown>;
  for (const key of path.slice(0, -1)) {
    const next = current[key];
    if (typeof next !== 'object' || next === null) {
      if (value === undefined) return;
      current[key] = {};
    }
    current = current[key] as Record<string, unknown>;
  }
  const last = path[path.length - 1] as string;
  if (value === undefined) delete current[last];
  else current[last] = value;
}
