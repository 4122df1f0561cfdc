/**
 * DolphinDB's binary API protocol constants (Tutorials_CN api_protocol.md; the official API clients'
 * DATA_TYPE and DATA_FORM enums). An object starts with a 16-bit flag, little endian when the header
 * says so: low byte the data type, high byte the data form.
 */
export const dataForm = {
  scalar: 0,
  vector: 1,
  pair: 2,
  matrix: 3,
  set: 4,
  dictionary: 5,
  table: 6,
} as const;

export const dataType = {
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
  /** A SYMBOL vector sent with its symbol base (dictionary of distinct strings). */
  symbolWithBase: 145,
} as const;

/** Byte width of fixed-size types; temporal types are ints or longs. */
export function fixedWidth(type: number): number | undefined {
  switch (type) {
    case dataType.bool:
    case dataType.char:
      return 1;
    case dataType.short:
      return 2;
    case dataType.int:
    case dataType.date:
    case dataType.month:
    case dataType.time:
    case dataType.minute:
    case dataType.second:
    case dataType.datetime:
    case dataType.datehour:
    case dataType.float:
      return 4;
    case dataType.long:
    case dataType.timestamp:
    case dataType.nanotime:
    case dataType.nanotimestamp:
    case dataType.double:
      return 8;
    default:
      return undefined;
  }
}
