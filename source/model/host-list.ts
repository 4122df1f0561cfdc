/**
 * Several servers written as one text: `template --hosts`, `wizard --hosts`, and what is typed or
 * pasted into the wizard's address field. Pure; each caller says a problem in its own words (the
 * flag, or the field).
 */

/** More servers than this in one range is a typo (10.0.0.1-254 when 10.0.0.1-4 was meant). */
export const maxRange = 64;

/** The servers a text lists, in order; or what is wrong with the first entry that cannot be read. */
export type HostListResult =
  | { readonly ok: true; readonly addresses: readonly string[] }
  | { readonly ok: false; readonly problem: string };

const range = /^(\d{1,3}\.\d{1,3}\.\d{1,3}\.)(\d{1,3})-(?:(\d{1,3}\.\d{1,3}\.\d{1,3}\.))?(\d{1,3})$/;

/**
 * The addresses of a list: entries separated by commas, spaces or line breaks (a pasted column),
 * each an address, a name, or a range of the last IPv4 number (`10.0.0.80-82`, also written
 * `10.0.0.80-10.0.0.82`), expanded in order. Empty entries (a trailing comma or line) are dropped.
 * A problem starts with the entry: `10.0.0.82-80: a range counts up, e.g. 10.0.0.80-82`.
 */
export function expandHostList(text: string): HostListResult {
  const addresses: string[] = [];
  for (const entry of text.split(/[\s,]+/).filter((part) => part !== '')) {
    const expanded = expandEntry(entry);
    if (typeof expanded === 'string') return { ok: false, problem: `${entry}: ${expanded}` };
    addresses.push(...expanded);
  }
  return { ok: true, addresses };
}

/**
 * True when a typed text is a list to expand rather than one address: it has a comma, or is a
 * range. Spaces alone do not make one: "10.0.0.80 x" is a typo in one address, said as such.
 */
export function isHostList(text: string): boolean {
  const trimmed = text.trim();
  return trimmed.includes(',') || range.test(trimmed);
}

/** One entry's addresses, or what is wrong with it. */
function expandEntry(entry: string): string[] | string {
  const match = range.exec(entry);
  if (!match) return [entry];
  const [, prefix = '', first = '', otherPrefix, last = ''] = match;
  const from = Number(first);
  const to = Number(last);
  const example = `${prefix}${from}-${Math.min(from + 2, 255)}`;
  if (otherPrefix !== undefined && otherPrefix !== prefix)
    return `a range changes only the last number, e.g. ${example}; list other servers after a comma`;
  if (from > 255 || to > 255) return `an IPv4 number is 0–255, e.g. ${prefix}80-82`;
  if (to <= from) return `a range counts up, e.g. ${prefix}${to}-${from}`;
  if (to - from + 1 > maxRange)
    return `${to - from + 1} servers in one range; give at most ${maxRange}, e.g. ${example}`;
  return Array.from({ length: to - from + 1 }, (_, index) => `${prefix}${from + index}`);
}
