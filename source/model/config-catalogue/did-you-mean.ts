/**
 * Edit distance with adjacent transpositions (Damerau-Levenshtein, optimal string alignment):
 * `maxConnection` → `maxConnections` is 1, `wokrerNum` → `workerNum` is 1.
 */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number): number => d[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, at(i - 2, j - 2) + 1);
      const row = d[i];
      if (row) row[j] = best;
    }
  }
  return at(a.length, b.length);
}

/**
 * The known name a key was probably meant to be: one that differs only in case, or by one edit
 * (ignoring case). DolphinDB's names are case-sensitive, so such a key is a typo, not a new key.
 * Undefined when no name is that close; the closest wins, then the first in catalogue order.
 */
export function closeName(key: string, known: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    if (name === key) return undefined;
    const distance = editDistance(lower, name.toLowerCase());
    if (distance <= 1 && (best === undefined || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}
