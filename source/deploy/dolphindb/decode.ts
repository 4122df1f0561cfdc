import { dataForm, dataType, fixedWidth } from './wire-types.js';

/** A decoded DolphinDB value: tables become arrays of row objects, nulls become null. */
export type DdbValue = null | boolean | number | string | DdbValue[] | { readonly [key: string]: DdbValue };

/** Thrown when the bytes are not a complete object yet; the client waits for more. */
export class NeedMoreBytes extends Error {}

/** Reads DolphinDB objects from a buffer; throws NeedMoreBytes when it runs out. */
export class Reader {
  offset = 0;
  /** SYMBOL bases of this answer by id: a base sent once is referred to by id with size 0 later. */
  readonly symbolBases = new Map<number, string[]>();
  constructor(
    private readonly buffer: Buffer,
    private readonly littleEndian: boolean,
  ) {}

  private need(bytes: number): void {
    if (this.offset + bytes > this.buffer.length) throw new NeedMoreBytes();
  }

  byte(): number {
    this.need(1);
    return this.buffer.readInt8(this.offset++);
  }

  int(): number {
    this.need(4);
    const value = this.littleEndian
      ? this.buffer.readInt32LE(this.offset)
      : this.buffer.readInt32BE(this.offset);
    this.offset += 4;
    return value;
  }

  /** A null-terminated UTF-8 string. */
  cstring(): string {
    const end = this.buffer.indexOf(0, this.offset);
    if (end < 0) throw new NeedMoreBytes();
    const text = this.buffer.toString('utf8', this.offset, end);
    this.offset = end + 1;
    return text;
  }

  /** One fixed-width element of `type`, with DolphinDB's null sentinels turned into null. */
  fixed(type: number): DdbValue {
    const width = fixedWidth(type) ?? 0;
    this.need(width);
    const b = this.buffer;
    const at = this.offset;
    const le = this.littleEndian;
    this.offset += width;
    switch (type) {
      case dataType.bool: {
        const v = b.readInt8(at);
        return v === -128 ? null : v !== 0;
      }
      case dataType.char: {
        const v = b.readInt8(at);
        return v === -128 ? null : v;
      }
      case dataType.short: {
        const v = le ? b.readInt16LE(at) : b.readInt16BE(at);
        return v === -32768 ? null : v;
      }
      case dataType.float: {
        const v = le ? b.readFloatLE(at) : b.readFloatBE(at);
        return v === -3.4028234663852886e38 ? null : v;
      }
      case dataType.double: {
        const v = le ? b.readDoubleLE(at) : b.readDoubleBE(at);
        return v === -Number.MAX_VALUE ? null : v;
      }
      default: {
        if (width === 4) {
          const v = le ? b.readInt32LE(at) : b.readInt32BE(at);
          return v === -2147483648 ? null : v;
        }
        const v = le ? b.readBigInt64LE(at) : b.readBigInt64BE(at);
        return v === -9223372036854775808n ? null : Number(v);
      }
    }
  }
}

/** Reads one whole object (flag, then its form's layout). */
export function readObject(reader: Reader): DdbValue {
  const type = reader.byte() & 0xff;
  const form = reader.byte();
  return readBody(reader, type, form);
}

function readBody(reader: Reader, type: number, form: number): DdbValue {
  switch (form) {
    case dataForm.scalar:
      return readScalar(reader, type);
    case dataForm.vector:
    case dataForm.pair:
    case dataForm.set: {
      const rows = reader.int();
      reader.int(); // columns: always 1 for a vector
      return readElements(reader, type, rows);
    }
    case dataForm.matrix: {
      const labels = reader.byte();
      if (labels & 1) readObject(reader);
      if (labels & 2) readObject(reader);
      const inner = reader.byte() & 0xff;
      reader.byte(); // the inner flag repeats the form
      const rows = reader.int();
      const columns = reader.int();
      return readElements(reader, inner, rows * columns);
    }
    case dataForm.dictionary: {
      const keys = readObject(reader);
      const values = readObject(reader);
      const result: Record<string, DdbValue> = {};
      if (Array.isArray(keys) && Array.isArray(values))
        keys.forEach((key, i) => (result[String(key)] = values[i] ?? null));
      return result;
    }
    case dataForm.table: {
      const rows = reader.int();
      const columns = reader.int();
      reader.cstring(); // table name
      const names = Array.from({ length: columns }, () => reader.cstring());
      const data = names.map(() => readObject(reader));
      return Array.from({ length: rows }, (_, row) =>
        Object.fromEntries(names.map((name, c) => [name, (data[c] as DdbValue[] | null)?.[row] ?? null])),
      );
    }
    default:
      throw new Error(`DolphinDB sent data form ${form}, which ddb-setup does not read`);
  }
}

function readScalar(reader: Reader, type: number): DdbValue {
  if (type === dataType.void) {
    reader.byte();
    return null;
  }
  if (type === dataType.string || type === dataType.symbol) {
    const text = reader.cstring();
    return text;
  }
  if (fixedWidth(type) !== undefined) return reader.fixed(type);
  throw new Error(`DolphinDB sent a scalar of type ${type}, which ddb-setup does not read`);
}

function readElements(reader: Reader, type: number, count: number): DdbValue[] {
  if (type === dataType.string || type === dataType.symbol)
    return Array.from({ length: count }, () => reader.cstring());
  if (type === dataType.symbolWithBase) {
    const id = reader.int();
    const size = reader.int();
    const base =
      size === 0 ? (reader.symbolBases.get(id) ?? []) : Array.from({ length: size }, () => reader.cstring());
    if (size > 0) reader.symbolBases.set(id, base);
    return Array.from({ length: count }, () => base[reader.int()] ?? '');
  }
  if (type === dataType.any) return Array.from({ length: count }, () => readObject(reader));
  if (type === dataType.void) return Array.from({ length: count }, () => null);
  if (fixedWidth(type) !== undefined) return Array.from({ length: count }, () => reader.fixed(type));
  throw new Error(`DolphinDB sent a vector of type ${type}, which ddb-setup does not read`);
}
