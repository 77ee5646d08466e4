import { isMap, isSeq, parseDocument, type Document } from 'yaml';
import { formatOuPath } from '../accounts/ou-path.js';
import { usageError } from '../core/errors.js';
import { ERR } from '../core/error-codes.js';
import { pathOfParentId } from './live/accounts.js';
import type { LiveLandingZone } from './live/model.js';
import type { Change, LandingZonePlan, TargetRef, UnmanagedItem } from './plan/model.js';
import type { LandingZoneSpec } from './spec.js';

const INTERNAL_TAG = /^awsarch:/;

/** One thing AWS has that the file could take over: a live value written into the file instead of reverted. */
export interface Adoption {
  /** The plan's change key, or "unmanaged:account:NAME" / "unmanaged:ou:PATH". */
  key: string;
  /** What the file will say afterwards. */
  description: string;
  edit(document: Document): void;
}

interface RawAccount {
  name?: string;
}

function accountIndex(document: Document, name: string): number {
  const accounts = (document.toJS() as { accounts?: RawAccount[] }).accounts ?? [];
  return accounts.findIndex((account) => account.name?.trim() === name);
}

/** Adds an OU path to organizationalUnits unless it (or a deeper path under it) is already declared. */
function declareOu(document: Document, path: readonly string[]): void {
  if (path.length === 0) return;
  const listed = ((document.toJS() as { organizationalUnits?: string[] }).organizationalUnits ?? []).map((text) =>
    text.trim().replace(/^\/+|\/+$/g, ''),
  );
  const text = formatOuPath(path);
  if (listed.some((entry) => entry === text || entry.startsWith(`${text}/`))) return;
  if (!document.has('organizationalUnits')) document.set('organizationalUnits', document.createNode([]));
  document.addIn(['organizationalUnits'], text);
}

function targetText(target: TargetRef): string {
  return target.type === 'root' ? 'root' : target.type === 'ou' ? formatOuPath(target.path) : target.name;
}

function attachmentIndex(document: Document, target: TargetRef): number {
  const attachments =
    (document.toJS() as { scps?: { attachments?: Array<{ target?: string }> } }).scps?.attachments ?? [];
  const wanted = targetText(target);
  return attachments.findIndex((entry) => {
    const text = (entry.target ?? '').trim();
    return (text === '/' ? 'root' : text.replace(/^\/+|\/+$/g, '')) === wanted;
  });
}

/**
 * After attachments changed: an SCP no attachment names any more loses its policyParameters, and a
 * shared parameter no remaining SCP declares is dropped (the file would not validate otherwise).
 */
function tidyParameters(document: Document, spec: LandingZoneSpec): void {
  const raw = document.toJS() as {
    scps?: {
      attachments?: Array<{ policies?: string[] }>;
      parameters?: Record<string, unknown>;
      policyParameters?: Record<string, unknown>;
    };
  };
  const attached = new Set((raw.scps?.attachments ?? []).flatMap((entry) => entry.policies ?? []));
  for (const name of Object.keys(raw.scps?.policyParameters ?? {}))
    if (!attached.has(name)) document.deleteIn(['scps', 'policyParameters', name]);
  const declared = new Set(
    (spec.scps?.rendered ?? [])
      .filter((policy) => attached.has(policy.name))
      .flatMap((policy) => Object.keys(policy.parameters)),
  );
  for (const key of Object.keys(raw.scps?.parameters ?? {}))
    if (!declared.has(key)) document.deleteIn(['scps', 'parameters', key]);
}

function adoptChange(change: Change, spec: LandingZoneSpec): Adoption | undefined {
  switch (change.kind) {
    case 'move-account':
      return {
        key: change.key,
        description: `${change.name} stays in ${formatOuPath(change.from)} (the file said ${formatOuPath(change.to)})`,
        edit(document) {
          const index = accountIndex(document, change.name);
          declareOu(document, change.from);
          document.setIn(['accounts', index, 'ou'], change.from.length === 0 ? 'root' : formatOuPath(change.from));
        },
      };
    case 'tag-account': {
      const tags = change.set.filter((tag) => !INTERNAL_TAG.test(tag.key));
      if (tags.length === 0) return undefined;
      return {
        key: change.key,
        description: `${change.name} keeps its tags ${tags.map((tag) => (tag.was === undefined ? `(no ${tag.key})` : `${tag.key}=${tag.was}`)).join(', ')}`,
        edit(document) {
          const index = accountIndex(document, change.name);
          for (const tag of tags) {
            if (tag.was === undefined) document.deleteIn(['accounts', index, 'tags', tag.key]);
            else document.setIn(['accounts', index, 'tags', tag.key], tag.was);
          }
        },
      };
    }
    case 'scp-attachments':
      return {
        key: change.key,
        description: `${change.label} keeps the SCPs it has${change.attach.length ? ` (without ${change.attach.join(', ')})` : ''}${change.detach.length ? ` (with ${change.detach.join(', ')})` : ''}`,
        edit(document) {
          let index = attachmentIndex(document, change.target);
          if (index < 0) {
            document.addIn(
              ['scps', 'attachments'],
              document.createNode({ target: targetText(change.target), policies: [] }),
            );
            index = attachmentIndex(document, change.target);
          }
          const policies = document.getIn(['scps', 'attachments', index, 'policies']);
          const current = isSeq(policies) ? (policies.toJSON() as string[]) : [];
          const next = [
            ...current.filter((name) => !change.attach.includes(name)),
            ...change.detach.filter((name) => !current.includes(name)),
          ];
          if (next.length === 0) document.deleteIn(['scps', 'attachments', index]);
          else document.setIn(['scps', 'attachments', index, 'policies'], document.createNode(next, { flow: true }));
          tidyParameters(document, spec);
        },
      };
    default:
      return undefined;
  }
}

function adoptUnmanaged(item: UnmanagedItem, live: LiveLandingZone): Adoption | undefined {
  const organization = live.organization;
  if (!organization) return undefined;
  if (item.type === 'ou')
    return {
      key: `unmanaged:ou:${item.name}`,
      description: `OU ${item.name} is listed again`,
      edit: (document) => declareOu(document, item.name.split('/')),
    };
  if (item.type !== 'account') return undefined;
  const account = organization.accounts.find((candidate) => candidate.id === item.id);
  if (!account) return undefined;
  const ou = pathOfParentId(organization, account.parentId);
  const tags = Object.fromEntries(
    Object.entries(live.tags[account.id] ?? {}).filter(([key]) => !INTERNAL_TAG.test(key)),
  );
  return {
    key: `unmanaged:account:${account.name}`,
    description: `account ${account.name} (${account.id}) is listed again, in ${formatOuPath(ou)}`,
    edit(document) {
      declareOu(document, ou);
      if (!isSeq(document.get('accounts'))) document.set('accounts', document.createNode([]));
      const entry = document.createNode({
        name: account.name,
        email: account.email,
        ou: ou.length === 0 ? 'root' : formatOuPath(ou),
        ...(Object.keys(tags).length ? { tags } : {}),
      });
      if (isMap(entry) && Object.keys(tags).length) {
        const node = entry.get('tags', true);
        if (isMap(node)) node.flow = true;
      }
      document.addIn(['accounts'], entry);
    },
  };
}

/** Pure: what of the plan could be adopted (written into the file) rather than reverted or pruned. */
export function adoptableItems(plan: LandingZonePlan, live: LiveLandingZone, spec: LandingZoneSpec): Adoption[] {
  return [
    ...plan.changes.flatMap((change) => adoptChange(change, spec) ?? []),
    ...plan.unmanaged.flatMap((item) => adoptUnmanaged(item, live) ?? []),
  ];
}

/** The adoptions a selector names: a change key, an account, OU or target name, or "all". */
export function selectAdoptions(items: readonly Adoption[], selectors: readonly string[]): Adoption[] {
  if (selectors.includes('all')) return [...items];
  const chosen = items.filter((item) =>
    selectors.some(
      (selector) =>
        item.key === selector || item.key.split(':').includes(selector) || item.key.endsWith(`:${selector}`),
    ),
  );
  const unmatched = selectors.filter(
    (selector) =>
      !items.some(
        (item) => item.key === selector || item.key.split(':').includes(selector) || item.key.endsWith(`:${selector}`),
      ),
  );
  if (unmatched.length > 0)
    throw usageError(
      ERR.NOTHING_TO_ADOPT,
      `--adopt ${unmatched.join(', ')}: nothing in the plan to adopt by that name`,
      items.length
        ? `adoptable: ${items.map((item) => item.key).join(', ')} (or all)`
        : 'the plan has nothing that could be adopted',
    );
  return chosen;
}

/**
 * Flow sequences as the repository's formatter writes them, [a, b] (the yaml library pads them as
 * it pads flow maps, { a: b }); spaces inside quoted strings are left alone.
 */
export function unpadFlowSequences(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      let out = '';
      let quote: string | undefined;
      for (let i = 0; i < line.length; i++) {
        const char = line[i] as string;
        if (quote) {
          out += char;
          if (char === quote) quote = undefined;
          continue;
        }
        const before = out.trimEnd().at(-1);
        // A comment, or a quoted scalar (a quote only opens one where a scalar can start).
        if (char === '#' && (out === '' || /\s$/.test(out))) return out + line.slice(i);
        if ((char === "'" || char === '"') && (before === undefined || ':,[{-'.includes(before))) quote = char;
        if (char === ' ' && out.endsWith('[')) continue;
        if (char === ' ' && line[i + 1] === ']') continue;
        out += char;
      }
      return out;
    })
    .join('\n');
}

/** The file's text with the adoptions written in (comments and layout kept). */
export function adoptInto(text: string, adoptions: readonly Adoption[]): string {
  const document = parseDocument(text);
  for (const adoption of adoptions) adoption.edit(document);
  return unpadFlowSequences(document.toString({ lineWidth: 0 }));
}
