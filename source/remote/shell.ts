/**
 * Quotes a word for POSIX sh: every remote command ddb-setup runs is built from quoted words, so a
 * path or alias from the topology can never become shell syntax.
 */
export function quote(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/** A command line from words, each quoted. */
export function command(...words: readonly string[]): string {
  return words.map(quote).join(' ');
}
