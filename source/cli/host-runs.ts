/**
 * Host names as few characters as can say them: runs of the same prefix with consecutive numbers
 * become a range (`P1–P30`), the rest is listed (`P1–P3, P7, db9`). Order is kept as given.
 */
export function hostRuns(names: readonly string[]): string {
  const parts: string[] = [];
  let run: { prefix: string; first: number; last: number } | undefined;
  const close = () => {
    if (!run) return;
    const { prefix, first, last } = run;
    parts.push(
      first === last
        ? `${prefix}${first}`
        : last === first + 1
          ? `${prefix}${first}, ${prefix}${last}`
          : `${prefix}${first}–${prefix}${last}`,
    );
    run = undefined;
  };
  for (const name of names) {
    const match = /^(.*?)(\d+)$/.exec(name);
    const prefix = match?.[1];
    const number = match?.[2] !== undefined && !match[2].startsWith('0') ? Number(match[2]) : undefined;
    if (prefix !== undefined && number !== undefined && run?.prefix === prefix && run.last + 1 === number) {
      run.last = number;
      continue;
    }
    close();
    if (prefix !== undefined && number !== undefined) run = { prefix, first: number, last: number };
    else parts.push(name);
  }
  close();
  return parts.join(', ');
}
