/**
 * The values the stand-in computes with, one-to-one with what the API protocol can carry
 * (PROTOCOL.md §3): scalars, typed vectors, ANY vectors, tables and dictionaries, plus function
 * references (`rpc(alias, getClusterPerf)`, `getClusterPerf{true}`), which never go on the wire.
 */

/** DolphinDB data type codes (Tutorials_CN api_protocol.md appendix; api-java Entity.DATA_TYPE). */
export const T = {
  void: 0,
  bool: 1,
  char: 2,
  short: 3,
  int: 4,
  long: 5,
  date: 6,
  month: 7,
  time: 8,
  minute: 9,
  second: 10,
  datetime: 11,
  timestamp: 12,
  nanotime: 13,
  nanotimestamp: 14,
  float: 15,
  double: 16,
  symbol: 17,
  string: 18,
  any: 25,
  datehour: 28,
} as const;

/** DolphinDB data form codes (same sources). */
export const F = { scalar: 0, vector: 1, pair: 2, matrix: 3, set: 4, dictionary: 5, table: 6 } as const;

/** One element: null is DolphinDB's null of the element's type. LONG-sized types are bigints. */
export type Elem = null | boolean | number | bigint | string;

export type Scalar = { readonly kind: 'scalar'; readonly type: number; readonly value: Elem };
export type Vector = { readonly kind: 'vector'; readonly type: number; readonly values: readonly Elem[] };
export type AnyVector = { readonly kind: 'any'; readonly values: readonly Value[] };
export type Table = {
  readonly kind: 'table';
  readonly name: string;
  readonly columns: readonly (readonly [string, Vector])[];
};
export type Dict = {
  readonly kind: 'dict';
  readonly keyType: number;
  readonly keys: readonly Elem[];
  readonly values: readonly Value[];
};
export type FunctionRef = {
  readonly kind: 'function';
  readonly name: string;
  readonly bound: readonly Value[];
};
/**
 * A DFS database (`database(...)`) or table (`loadTable(...)`): a name for state kept by the
 * controller and the data nodes (dfs-scripts.ts), never sent on the wire as such.
 */
export type Handle = {
  readonly kind: 'handle';
  readonly of: 'database' | 'table';
  readonly path: string;
  readonly table: string;
};
export type Value = Scalar | Vector | AnyVector | Table | Dict | FunctionRef | Handle;

/** How a handle is shown (stand-in form). */
export const handleText = (h: Handle): string =>
  h.of === 'database' ? `DB[${h.path}]` : `${h.path}/${h.table}`;

export const VOID: Scalar = { kind: 'scalar', type: T.void, value: null };

export const scalar = (type: number, value: Elem): Scalar => ({ kind: 'scalar', type, value });
export const str = (value: string): Scalar => scalar(T.string, value);
export const int = (value: number | null): Scalar => scalar(T.int, value);
export const bool = (value: boolean | null): Scalar => scalar(T.bool, value);
export const vector = (type: number, values: readonly Elem[]): Vector => ({ kind: 'vector', type, values });
export const table = (columns: readonly (readonly [string, Vector])[], name = ''): Table => ({
  kind: 'table',
  name,
  columns,
});

/** Days since 1970-01-01 for a DATE, from a calendar date. */
export function dateValue(year: number, month: number, day: number): number {
  return Math.round(Date.UTC(year, month - 1, day) / 86_400_000);
}

/** A DATE as DolphinDB prints it: 2042.01.01. */
export function formatDate(days: number): string {
  const d = new Date(days * 86_400_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}.${pad(d.getUTCMonth() + 1)}.${pad(d.getUTCDate())}`;
}

const typeNames: Record<number, string> = {
  0: 'VOID',
  1: 'BOOL',
  2: 'CHAR',
  3: 'SHORT',
  4: 'INT',
  5: 'LONG',
  6: 'DATE',
  7: 'MONTH',
  8: 'TIME',
  9: 'MINUTE',
  10: 'SECOND',
  11: 'DATETIME',
  12: 'TIMESTAMP',
  13: 'NANOTIME',
  14: 'NANOTIMESTAMP',
  15: 'FLOAT',
  16: 'DOUBLE',
  17: 'SYMBOL',
  18: 'STRING',
  25: 'ANY',
  28: 'DATEHOUR',
};

export const typeName = (type: number): string => typeNames[type] ?? `TYPE${type}`;

/** What `typestr(x)` prints (the subset the stand-in produces). */
export function typestr(value: Value): string {
  switch (value.kind) {
    case 'scalar':
      return typeName(value.type);
    case 'vector':
      return value.type === T.string ? 'STRING VECTOR' : `FAST ${typeName(value.type)} VECTOR`;
    case 'any':
      return 'ANY VECTOR';
    case 'table':
      return 'IN-MEMORY TABLE';
    case 'dict':
      return 'ANY DICTIONARY';
    case 'function':
      return 'FUNCTIONDEF';
    case 'handle':
      return value.of === 'database' ? 'HANDLE' : 'SEGMENTED TABLE';
  }
}

/** A value as the console prints it (the stand-in's simplified form). */
export function display(value: Value): string {
  const elem = (e: Elem, type: number): string => {
    if (e === null) return '';
    if (type === T.date && typeof e === 'number') return formatDate(e);
    if (typeof e === 'boolean') return e ? 'true' : 'false';
    return String(e);
  };
  switch (value.kind) {
    case 'scalar':
      return elem(value.value, value.type);
    case 'vector':
      return `[${value.values.map((e) => elem(e, value.type)).join(',')}]`;
    case 'any':
      return `(${value.values.map(display).join(',')})`;
    case 'table': {
      const rows = value.columns[0]?.[1].values.length ?? 0;
      const lines = [value.columns.map(([name]) => name).join(' ')];
      for (let r = 0; r < rows; r++)
        lines.push(value.columns.map(([, column]) => elem(column.values[r] ?? null, column.type)).join(' '));
      return lines.join('\n');
    }
    case 'dict':
      return value.keys
        .map((key, i) => `${elem(key, value.keyType)}->${display(value.values[i] ?? VOID)}`)
        .join('\n');
    case 'function':
      return value.name;
    case 'handle':
      return handleText(value);
  }
}
