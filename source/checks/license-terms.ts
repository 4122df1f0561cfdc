/**
 * The limits a DolphinDB licence grants, read from the first line of `dolphindb.lic`.
 *
 * The field order `expiry,maxMemoryPerNode,maxCoresPerNode,maxNodes,clientName,…` is an INFERENCE
 * from the community licence (`2042.01.01,8,2,3,Trial Users,0,-1,,1`) matched against what
 * `license()` reports (facts §5); no documentation states it. So this reader accepts only lines
 * that fit that reading exactly and answers undefined for anything else, letting the caller say
 * "could not read" instead of acting on a guess.
 */
export type LicenseTerms = {
  /** The last day the licence is valid, as written: `YYYY.MM.DD`. */
  readonly expires: string;
  readonly expiry: { readonly year: number; readonly month: number; readonly day: number };
  /** GB per node; a node's `maxMemSize` may not exceed it. */
  readonly maxMemoryPerNode: number;
  readonly maxCoresPerNode: number;
  /** Controllers, data and compute nodes of a cluster (agents seem not to count: facts §5). */
  readonly maxNodes: number;
  readonly clientName: string;
};

const datePattern = /^(\d{4})\.(\d{2})\.(\d{2})$/;
const countPattern = /^[1-9]\d*$/;
// Memory is in GB; a fractional limit is not known to exist, but nothing forbids it.
const memoryPattern = /^(?:[1-9]\d*(?:\.\d+)?|0\.\d*[1-9]\d*)$/;

/** The licence terms, or undefined when the text does not have the expected first line. */
export function parseLicense(text: string): LicenseTerms | undefined {
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n|\r/, 1)[0] ?? '';
  const fields = firstLine.split(',').map((field) => field.trim());
  const [expires, memory, cores, nodes, clientName] = fields;
  if (expires === undefined || memory === undefined || cores === undefined || nodes === undefined) return;
  if (clientName === undefined) return;
  const expiry = parseDate(expires);
  if (!expiry || !memoryPattern.test(memory) || !countPattern.test(cores) || !countPattern.test(nodes))
    return;
  return {
    expires,
    expiry,
    maxMemoryPerNode: Number(memory),
    maxCoresPerNode: Number(cores),
    maxNodes: Number(nodes),
    clientName,
  };
}

/** A real calendar date (2042.02.30 is rejected, not rolled over into March). */
function parseDate(text: string): LicenseTerms['expiry'] | undefined {
  const match = datePattern.exec(text);
  if (!match) return undefined;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  const real =
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return real ? { year, month, day } : undefined;
}

/**
 * Whole days from `today` (its local calendar date, the one the user sees) to the expiry day:
 * 0 on the last valid day, negative once expired.
 */
export function daysUntilExpiry(terms: LicenseTerms, today: Date): number {
  const { year, month, day } = terms.expiry;
  const todayUtc = Date.UTC(today.getFullYear(), today.getMonth(), today.getDate());
  return Math.round((Date.UTC(year, month - 1, day) - todayUtc) / 86_400_000);
}
