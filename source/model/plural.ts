/**
 * `1 host`, `3 hosts`, `0 processes`: a count with its noun in the right number. Every "N things"
 * message goes through it, so none says `1 hosts`. `many` is for nouns that do not just add an s.
 */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
