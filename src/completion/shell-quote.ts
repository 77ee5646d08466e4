/** A word in single quotes for sh, bash, zsh and fish ('it'\''s' in POSIX shells, 'it\'s' in fish). */
export function singleQuoted(text: string, shell: 'posix' | 'fish' = 'posix'): string {
  if (shell === 'fish') return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** A description on one line, without characters that break a completion menu. */
export function oneLine(text: string, max = 100): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
