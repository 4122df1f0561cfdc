/** `1 host`, `3 hosts`, `2 processes`: a count with its noun in the number it needs. */
export function plural(n: number, noun: string): string {
  if (n === 1) return `${n} ${noun}`;
  return `${n} ${noun}${/(s|sh|ch|x)$/.test(noun) ? 'es' : 's'}`;
}
