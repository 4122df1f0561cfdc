/**
 * A unified diff (`diff -u` style) of two texts, for config drift: what ddb-setup writes against
 * what is on the host. Pure; an LCS table is enough for config files (hundreds of lines at most).
 * Returns '' when the texts are equal.
 */
export function unifiedDiff(
  expected: string,
  actual: string,
  names: { readonly from: string; readonly to: string },
  context = 3,
): string {
  if (expected === actual) return '';
  const a = expected.split('\n');
  const b = actual.split('\n');
  // at(i, j): length of the longest common subsequence of a[i..] and b[j..].
  const width = b.length + 1;
  const lcs = new Int32Array((a.length + 1) * width);
  const at = (i: number, j: number) => lcs[i * width + j] ?? 0;
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      lcs[i * width + j] = a[i] === b[j] ? at(i + 1, j + 1) + 1 : Math.max(at(i + 1, j), at(i, j + 1));
  type Op = { readonly kind: ' ' | '-' | '+'; readonly text: string };
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      ops.push({ kind: ' ', text: a[i] ?? '' });
      i++;
      j++;
      // Removals before additions, as `diff -u` prints a changed line.
    } else if (i < a.length && (j === b.length || at(i + 1, j) >= at(i, j + 1)))
      ops.push({ kind: '-', text: a[i++] ?? '' });
    else ops.push({ kind: '+', text: b[j++] ?? '' });
  }
  // Hunks: each change with `context` unchanged lines around it, touching hunks merged.
  const changed = ops.flatMap((op, index) => (op.kind === ' ' ? [] : [index]));
  const hunks: { start: number; end: number }[] = [];
  for (const index of changed) {
    const start = Math.max(0, index - context);
    const end = Math.min(ops.length, index + context + 1);
    const last = hunks.at(-1);
    if (last && start <= last.end) last.end = Math.max(last.end, end);
    else hunks.push({ start, end });
  }
  const out = [`--- ${names.from}`, `+++ ${names.to}`];
  for (const { start, end } of hunks) {
    const slice = ops.slice(start, end);
    const aLines = slice.filter((op) => op.kind !== '+').length;
    const bLines = slice.filter((op) => op.kind !== '-').length;
    // 1-based first line of the hunk in each text (the line before it when the hunk has none there).
    const aStart = lineBefore(ops, start, 'a') + (aLines > 0 ? 1 : 0);
    const bStart = lineBefore(ops, start, 'b') + (bLines > 0 ? 1 : 0);
    out.push(`@@ -${aStart},${aLines} +${bStart},${bLines} @@`, ...slice.map((op) => `${op.kind}${op.text}`));
  }
  return `${out.join('\n')}\n`;
}

/** How many lines of text `side` come before operation `index`. */
function lineBefore(
  ops: readonly { readonly kind: ' ' | '-' | '+' }[],
  index: number,
  side: 'a' | 'b',
): number {
  return ops.slice(0, index).filter((op) => op.kind !== (side === 'a' ? '+' : '-')).length;
}
