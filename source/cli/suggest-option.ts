/**
 * The known options a mistyped one most likely meant: one edit away (a letter missing, extra, wrong
 * or two swapped), a singular/plural slip (`--datanode`), or the start of exactly one option
 * (`--comp`). Several equally likely ones are all returned, so the message never guesses between them.
 */
export function suggestOptions(typed: string, known: readonly string[]): string[] {
  const word = typed.replace(/^-+/, '').toLowerCase();
  if (word === '') return [];
  const names = known.map((name) => ({ name, bare: name.replace(/^-+/, '').toLowerCase() }));
  const near = names.filter(
    ({ bare }) => bare === `${word}s` || `${bare}s` === word || withinOneEdit(word, bare),
  );
  if (near.length > 0) return near.map(({ name }) => name);
  // A prefix is a suggestion only while it points at one option: `--d` could be many.
  const starts = names.filter(({ bare }) => word.length >= 3 && bare.startsWith(word));
  return starts.length === 1 ? starts.map(({ name }) => name) : [];
}

/** True when `a` becomes `b` by one insertion, deletion, substitution or swap of neighbours. */
function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return false;
  if (Math.abs(a.length - b.length) > 1) return false;
  let start = 0;
  while (start < a.length && a[start] === b[start]) start++;
  const restA = a.slice(start);
  const restB = b.slice(start);
  if (restA.slice(1) === restB.slice(1)) return true; // substitution
  if (restA.slice(1) === restB || restA === restB.slice(1)) return true; // deletion, insertion
  // Neighbours swapped: `--datandoes`.
  return (
    restA.length >= 2 && restA[0] === restB[1] && restA[1] === restB[0] && restA.slice(2) === restB.slice(2)
  );
}
