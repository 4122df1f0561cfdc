import { UsageError } from './usage-error.js';

/** More servers than this in one range is a typo (10.0.0.1-254 when 10.0.0.1-4 was meant). */
const maxRange = 64;

/**
 * `--hosts` as a list of addresses: comma-separated, each an address, a name, or a range of the last
 * IPv4 number (`10.0.0.80-82`, also written `10.0.0.80-10.0.0.82`), expanded in order. Empty entries
 * (a trailing comma) are dropped.
 */
export function expandHosts(text: string): string[] {
  return text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .flatMap(expandEntry);
}

function expandEntry(entry: string): string[] {
  const range = /^(\d{1,3}\.\d{1,3}\.\d{1,3}\.)(\d{1,3})-(?:(\d{1,3}\.\d{1,3}\.\d{1,3}\.))?(\d{1,3})$/.exec(
    entry,
  );
  if (!range) return [entry];
  const [, prefix = '', first = '', otherPrefix, last = ''] = range;
  const from = Number(first);
  const to = Number(last);
  const example = `${prefix}${from}-${Math.min(from + 2, 255)}`;
  if (otherPrefix !== undefined && otherPrefix !== prefix)
    throw new UsageError(
      `--hosts ${entry}: a range changes only the last number, e.g. ${example}; list other servers after a comma`,
    );
  if (from > 255 || to > 255)
    throw new UsageError(`--hosts ${entry}: an IPv4 number is 0–255, e.g. ${prefix}80-82`);
  if (to <= from) throw new UsageError(`--hosts ${entry}: a range counts up, e.g. ${prefix}${to}-${from}`);
  if (to - from + 1 > maxRange)
    throw new UsageError(
      `--hosts ${entry}: ${to - from + 1} servers in one range; give at most ${maxRange}, e.g. ${example}`,
    );
  return Array.from({ length: to - from + 1 }, (_, index) => `${prefix}${from + index}`);
}
