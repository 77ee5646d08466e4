const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** Pure: one word as a POSIX shell reads it back unchanged: bare when safe, else in single quotes. */
export function shellQuote(word: string): string {
  if (word !== '' && SAFE.test(word)) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/** Pure: a command line whose words a POSIX shell splits back into exactly `words`. */
export function shellCommand(words: readonly string[]): string {
  return words.map(shellQuote).join(' ');
}
