import type { PermissionChange } from '../../workloads/permission-changes.js';

/** Continuation lines of a wrapped change are indented under it (confirmChanges: they belong to the line above). */
const CONTINUATION = '    ';

/** One change as one sentence: `+ Allow s3:GetObject on ${Orders/Bucket.Arn} to Orders/Fn/ServiceRole if …`. */
export function permissionChangeText(change: PermissionChange): string {
  const sign = change.change === 'add' ? '+' : '-';
  switch (change.kind) {
    case 'managed-policy':
      return `${sign} managed policy ${change.actions.join(', ')} attached to ${change.principal}`;
    case 'security-group':
      return `${sign} ${change.effect} ${change.actions.join(', ')} ${change.effect === 'ingress' ? 'from' : 'to'} ${change.principal} on ${change.resource}`;
    default:
      return (
        `${sign} ${change.effect} ${change.actions.join(' ')} on ${change.resource}` +
        `${change.principal ? ` to ${change.principal}` : ''}${change.condition ? ` if ${change.condition}` : ''}`
      );
  }
}

/**
 * The permission changes as lines that fit `width` columns (the confirmation indents them by two): each change
 * wrapped at spaces, its continuation lines indented. An ARN longer than a line is broken after a "/" or ":"
 * (never truncated: the part cut off is what tells two grants apart).
 */
export function permissionChangeLines(changes: readonly PermissionChange[], width: number): string[] {
  const usable = Math.max(24, width - 2);
  return changes.flatMap((change) => wrapChange(permissionChangeText(change), usable));
}

function wrapChange(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  const limit = () => (lines.length === 0 ? width : width - CONTINUATION.length);
  const flush = () => {
    if (line) lines.push(lines.length === 0 ? line : CONTINUATION + line);
    line = '';
  };
  for (const word of text.split(/ +/)) {
    if (line && line.length + 1 + word.length <= limit()) {
      line = `${line} ${word}`;
      continue;
    }
    flush();
    const pieces = word.length <= limit() ? [word] : breakAtSeparators(word, width - CONTINUATION.length);
    pieces.forEach((piece, i) => {
      line = piece;
      if (i < pieces.length - 1) flush();
    });
  }
  flush();
  return lines;
}

/** Pieces of at most `width` characters, each ending after a "/" or ":" outside a `${…}` where possible. */
function breakAtSeparators(word: string, width: number): string[] {
  const pieces: string[] = [];
  let rest = word;
  while (rest.length > width) {
    let cut = -1;
    let depth = 0;
    for (let i = 0; i < width; i++) {
      if (rest.startsWith('${', i)) depth++;
      else if (rest[i] === '}' && depth > 0) depth--;
      else if (depth === 0 && (rest[i] === '/' || rest[i] === ':')) cut = i;
      // Before a reference is as good a place as after a separator.
      if (depth === 0 && rest.startsWith('${', i + 1) && i + 1 < width) cut = Math.max(cut, i);
    }
    const at = cut >= width / 3 ? cut + 1 : width;
    pieces.push(rest.slice(0, at));
    rest = rest.slice(at);
  }
  if (rest) pieces.push(rest);
  return pieces;
}

/** The headline above the list: how many permissions are added and removed, per stack. */
export function permissionSummaryLine(changes: readonly PermissionChange[]): string {
  const added = changes.filter((change) => change.change === 'add').length;
  const removed = changes.length - added;
  const stacks = [...new Set(changes.map((change) => change.stack))].join(', ');
  return `${stacks}: ${added} permission(s) added, ${removed} removed`;
}
