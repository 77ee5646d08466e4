const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** A word in single quotes for sh, bash, zsh and fish ('it'\''s' in POSIX shells, 'it\'s' in fish). */
export function singleQuoted(text: string, shell: 'posix' | 'fish' = 'posix'): string {
  if (shell === 'fish') return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** Pure: one word as a POSIX shell reads it back unchanged: bare when safe, else in single quotes. */
export function shellQuote(word: string): string {
  if (word !== '' && SAFE.test(word)) return word;
  return singleQuoted(word);
}

/** Pure: a command line whose words a POSIX shell splits back into exactly `words`. */
export function shellCommand(words: readonly string[]): string {
  return words.map(shellQuote).join(' ');
}
