/**
 * Partitioning schemes of `database(path, type, scheme)` (VALUE, HASH, RANGE) and the partition a
 * value falls in. Directory names follow DolphinDB's layout: a VALUE partition is named after its
 * value, a HASH partition `Key<n>`, a RANGE partition `<low>_<high>` (stand-in: the real names of
 * RANGE partitions are not checked here).
 */
import { ScriptError } from './errors.js';
import type { Elem } from './values.js';

/** Partition type constants as scripts write them (DolphinDB: SEQ 0, VALUE 1, RANGE 2, LIST 3, COMPO 4, HASH 5). */
export const PARTITION_TYPES = { SEQ: 0, VALUE: 1, RANGE: 2, LIST: 3, COMPO: 4, HASH: 5 } as const;

export type Scheme =
  | { readonly type: 'VALUE'; readonly values: (number | string)[] }
  | { readonly type: 'HASH'; readonly keyType: number; readonly buckets: number }
  | { readonly type: 'RANGE'; readonly bounds: (number | string)[] };

const plain = (e: Elem): number | string | null =>
  e === null ? null : typeof e === 'bigint' ? Number(e) : typeof e === 'boolean' ? (e ? 1 : 0) : e;

/** Builds a scheme from database()'s arguments. */
export function makeScheme(typeCode: number, scheme: readonly Elem[]): Scheme {
  const values = scheme.map(plain).filter((v): v is number | string => v !== null);
  switch (typeCode) {
    case PARTITION_TYPES.VALUE:
      if (values.length === 0) throw new ScriptError('A VALUE partition scheme must not be empty.');
      return { type: 'VALUE', values: [...new Set(values)] };
    case PARTITION_TYPES.HASH: {
      const [keyType, buckets] = values;
      if (typeof keyType !== 'number' || typeof buckets !== 'number' || buckets < 1)
        throw new ScriptError('A HASH partition scheme must be [type, number of buckets].');
      return { type: 'HASH', keyType, buckets };
    }
    case PARTITION_TYPES.RANGE:
      if (values.length < 2) throw new ScriptError('A RANGE partition scheme needs at least two boundaries.');
      return { type: 'RANGE', bounds: values };
    default:
      // stand-in: SEQ, LIST and COMPO are not implemented
      throw new ScriptError('The stand-in supports VALUE, HASH and RANGE partitions only.');
  }
}

function hash(v: number | string, buckets: number): number {
  if (typeof v === 'number') return ((Math.trunc(v) % buckets) + buckets) % buckets;
  let h = 0;
  for (const ch of v) h = (h * 31 + (ch.codePointAt(0) ?? 0)) >>> 0;
  return h % buckets;
}

/**
 * The partition a value belongs to, `undefined` when it falls outside a VALUE or RANGE scheme
 * (the caller applies newValuePartitionPolicy for VALUE, and drops the row for RANGE).
 */
export function partitionOf(scheme: Scheme, e: Elem): string | undefined {
  const v = plain(e);
  if (v === null) return undefined;
  switch (scheme.type) {
    case 'VALUE':
      return scheme.values.includes(v) ? String(v) : undefined;
    case 'HASH':
      return `Key${hash(v, scheme.buckets)}`;
    case 'RANGE':
      for (let i = 0; i + 1 < scheme.bounds.length; i++) {
        const lo = scheme.bounds[i] ?? 0;
        const hi = scheme.bounds[i + 1] ?? 0;
        if (v >= lo && v < hi) return `${lo}_${hi}`;
      }
      return undefined;
  }
}
