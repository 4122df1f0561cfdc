/**
 * Rows of DFS tables as the stand-in stores and moves them: columns of elements coerced to the
 * column's type, and a JSON form (LONG-sized values as decimal strings) for files on disk and
 * node-to-node calls. Stand-in only: DolphinDB stores columns in its own binary files.
 */
import { ScriptError } from './errors.js';
import { T, typeName, vector, type Elem, type Vector } from './values.js';

export type ColumnDef = { readonly name: string; readonly type: number };
/** One JSON-safe element: LONG-sized values as strings. */
export type JsonElem = null | boolean | number | string;
export type JsonColumns = JsonElem[][];

const LONG_TYPES = new Set<number>([T.long, T.timestamp, T.nanotime, T.nanotimestamp]);
const NUMBER_TYPES = new Set<number>([
  T.char,
  T.short,
  T.int,
  T.date,
  T.month,
  T.time,
  T.minute,
  T.second,
  T.datetime,
  T.datehour,
  T.float,
  T.double,
]);
const INTEGER_TYPES = new Set<number>([T.char, T.short, T.int, T.long]);

/** The types a stand-in DFS column may have. */
export const STORABLE = new Set<number>([...LONG_TYPES, ...NUMBER_TYPES, T.bool, T.string, T.symbol]);

/** One element converted to a column's type (DolphinDB converts numbers on append). */
export function coerce(type: number, e: Elem, column: string): Elem {
  if (e === null) return null;
  if (type === T.string || type === T.symbol) {
    if (typeof e !== 'string') throw mismatch(column, type);
    return e;
  }
  if (type === T.bool) return typeof e === 'boolean' ? e : Number(e) !== 0;
  if (typeof e === 'string') throw mismatch(column, type);
  const n = typeof e === 'boolean' ? (e ? 1 : 0) : Number(e);
  if (LONG_TYPES.has(type)) return BigInt(Math.trunc(n));
  return INTEGER_TYPES.has(type) ? Math.trunc(n) : n;
}

const mismatch = (column: string, type: number) =>
  // stand-in wording
  new ScriptError(`The data type of column ${column} must be ${typeName(type)}.`);

export const toJson = (e: Elem): JsonElem => (typeof e === 'bigint' ? e.toString() : e);

export function fromJson(type: number, e: JsonElem): Elem {
  if (e === null) return null;
  return LONG_TYPES.has(type) ? BigInt(e) : e;
}

/** The stored columns as typed vectors. */
export function vectors(columns: readonly ColumnDef[], data: JsonColumns): [string, Vector][] {
  return columns.map((c, i) => [
    c.name,
    vector(
      c.type,
      (data[i] ?? []).map((e) => fromJson(c.type, e)),
    ),
  ]);
}

/** The number of rows of stored columns. */
export const rowCount = (data: JsonColumns): number => data[0]?.length ?? 0;
