/**
 * The object encoding of DolphinDB's binary API protocol, server side (PROTOCOL.md §3 has every
 * layout and the official client file it was checked against). Objects start with a 2-byte flag
 * written as a 16-bit integer in the connection's byte order: low byte = data type, high byte =
 * data form (api-java DBConnection.java `form = flag >> 8; type = flag & 0xff`), so on a little-endian
 * connection the type byte comes first.
 */
import { F, T, handleText, type Dict, type Elem, type Table, type Value, type Vector } from './values.js';

/** Thrown while decoding when the buffer ends before the object does. */
export class NeedMoreBytes extends Error {}

/** Offset into the type code of a SYMBOL vector sent with its symbol base (api-java: type >= 128). */
const EXTENDED = 128;

const NULL_INT = -2147483648;
const NULL_LONG = -9223372036854775808n;
const NULL_SHORT = -32768;
const NULL_BYTE = -128;
const NULL_FLOAT = -3.4028234663852886e38;
const NULL_DOUBLE = -Number.MAX_VALUE;

/** Byte width of a fixed-size type, undefined for strings and others. */
export function widthOf(type: number): number | undefined {
  switch (type) {
    case T.bool:
    case T.char:
      return 1;
    case T.short:
      return 2;
    case T.int:
    case T.date:
    case T.month:
    case T.time:
    case T.minute:
    case T.second:
    case T.datetime:
    case T.datehour:
    case T.float:
      return 4;
    case T.long:
    case T.timestamp:
    case T.nanotime:
    case T.nanotimestamp:
    case T.double:
      return 8;
    default:
      return undefined;
  }
}

/** Appends encoded bytes; one writer per response. */
export class Writer {
  private readonly parts: Buffer[] = [];
  constructor(private readonly littleEndian = true) {}

  bytes(): Buffer {
    return Buffer.concat(this.parts);
  }

  raw(buffer: Buffer): void {
    this.parts.push(buffer);
  }

  flag(type: number, form: number): void {
    const b = Buffer.alloc(2);
    if (this.littleEndian) b.writeUInt16LE((form << 8) | type);
    else b.writeUInt16BE((form << 8) | type);
    this.parts.push(b);
  }

  int32(value: number): void {
    const b = Buffer.alloc(4);
    if (this.littleEndian) b.writeInt32LE(value);
    else b.writeInt32BE(value);
    this.parts.push(b);
  }

  cstring(text: string): void {
    this.parts.push(Buffer.from(text, 'utf8'), Buffer.from([0]));
  }

  elem(type: number, value: Elem): void {
    if (type === T.string || type === T.symbol) {
      this.cstring(value === null ? '' : String(value));
      return;
    }
    const width = widthOf(type);
    if (width === undefined) throw new Error(`cannot encode an element of type ${type}`);
    const b = Buffer.alloc(width);
    const le = this.littleEndian;
    switch (type) {
      case T.bool:
      case T.char:
        b.writeInt8(
          value === null ? NULL_BYTE : typeof value === 'boolean' ? (value ? 1 : 0) : Number(value),
        );
        break;
      case T.short:
        if (le) b.writeInt16LE(value === null ? NULL_SHORT : Number(value));
        else b.writeInt16BE(value === null ? NULL_SHORT : Number(value));
        break;
      case T.float:
        if (le) b.writeFloatLE(value === null ? NULL_FLOAT : Number(value));
        else b.writeFloatBE(value === null ? NULL_FLOAT : Number(value));
        break;
      case T.double:
        if (le) b.writeDoubleLE(value === null ? NULL_DOUBLE : Number(value));
        else b.writeDoubleBE(value === null ? NULL_DOUBLE : Number(value));
        break;
      default:
        if (width === 4) {
          const v = value === null ? NULL_INT : Number(value);
          if (le) b.writeInt32LE(v);
          else b.writeInt32BE(v);
        } else {
          const v = value === null ? NULL_LONG : BigInt(value as number | bigint);
          if (le) b.writeBigInt64LE(v);
          else b.writeBigInt64BE(v);
        }
    }
    this.parts.push(b);
  }
}

/** Encodes one whole object (flag and body). */
export function encode(value: Value, littleEndian = true): Buffer {
  const w = new Writer(littleEndian);
  writeObject(w, value);
  return w.bytes();
}

export function writeObject(w: Writer, value: Value): void {
  switch (value.kind) {
    case 'scalar':
      w.flag(value.type, F.scalar);
      // A VOID scalar carries one byte (api-java BasicEntityFactory reads a boolean and drops it).
      if (value.type === T.void) w.raw(Buffer.from([0]));
      else w.elem(value.type, value.value);
      return;
    case 'vector':
      writeVector(w, value);
      return;
    case 'any':
      w.flag(T.any, F.vector);
      w.int32(value.values.length);
      w.int32(1);
      for (const item of value.values) writeObject(w, item);
      return;
    case 'table':
      writeTable(w, value);
      return;
    case 'dict':
      writeDict(w, value);
      return;
    case 'function':
      throw new Error(`a function (${value.name}) cannot be sent`);
    case 'handle':
      // stand-in: a handle goes to the client as its text (the real server sends the table's shape)
      w.flag(T.string, F.scalar);
      w.elem(T.string, handleText(value));
      return;
  }
}

/**
 * A vector: flag, rows, columns (1), elements. SYMBOL vectors go with their symbol base (type
 * 17+128: base id, base size, the distinct strings, then one int index per row), as api-java
 * BasicSymbolVector and SymbolBase read them; a table numbers the bases of its columns from 0.
 */
function writeVector(w: Writer, vector: Vector, symbolBaseId = 0): void {
  // An empty SYMBOL vector goes as a plain one (api-cplusplus ConstantMarshall.cpp encodeFlag).
  if (vector.type === T.symbol && vector.values.length > 0) {
    w.flag(T.symbol + EXTENDED, F.vector);
    w.int32(vector.values.length);
    w.int32(1);
    const base = [''];
    const index = new Map<string, number>([['', 0]]);
    const indices = vector.values.map((e) => {
      const s = e === null ? '' : String(e);
      let i = index.get(s);
      if (i === undefined) {
        i = base.length;
        base.push(s);
        index.set(s, i);
      }
      return i;
    });
    w.int32(symbolBaseId);
    w.int32(base.length);
    for (const s of base) w.cstring(s);
    for (const i of indices) w.int32(i);
    return;
  }
  w.flag(vector.type, F.vector);
  w.int32(vector.values.length);
  w.int32(1);
  for (const e of vector.values) w.elem(vector.type, e);
}

/**
 * A table: flag (type byte = table type, 0 for a basic table: api-cplusplus ConstantMarshall.cpp
 * encodeFlag, Types.h TABLE_TYPE), rows, columns, name, column names, then each column as a vector
 * object (api-java BasicTable.java).
 */
function writeTable(w: Writer, t: Table): void {
  w.flag(T.void, F.table);
  w.int32(t.columns[0]?.[1].values.length ?? 0);
  w.int32(t.columns.length);
  w.cstring(t.name);
  for (const [name] of t.columns) w.cstring(name);
  let symbolBase = 0;
  for (const [, column] of t.columns) writeVector(w, column, column.type === T.symbol ? symbolBase++ : 0);
}

/**
 * A dictionary: flag (type = value type, form 5), the keys as a vector object, the values as a
 * vector object (ANY when they are not scalars of one type), as api-java BasicDictionary reads it.
 */
function writeDict(w: Writer, d: Dict): void {
  const first = d.values[0];
  const uniform =
    first?.kind === 'scalar' &&
    first.type !== T.void &&
    d.values.every((v) => v.kind === 'scalar' && v.type === first.type);
  const valueType = uniform && first?.kind === 'scalar' ? first.type : T.any;
  w.flag(valueType, F.dictionary);
  writeVector(w, { kind: 'vector', type: d.keyType, values: d.keys });
  if (valueType === T.any) writeObject(w, { kind: 'any', values: d.values });
  else
    writeVector(w, {
      kind: 'vector',
      type: valueType,
      values: d.values.map((v) => (v.kind === 'scalar' ? v.value : null)),
    });
}

/** Reads objects from a growing buffer; throws NeedMoreBytes when it runs out. */
export class Reader {
  offset = 0;
  constructor(
    private readonly buffer: Buffer,
    public littleEndian = true,
    start = 0,
  ) {
    this.offset = start;
  }

  private need(n: number): void {
    if (this.offset + n > this.buffer.length) throw new NeedMoreBytes();
  }

  uint8(): number {
    this.need(1);
    return this.buffer.readUInt8(this.offset++);
  }

  flag(): { type: number; form: number } {
    this.need(2);
    const v = this.littleEndian
      ? this.buffer.readUInt16LE(this.offset)
      : this.buffer.readUInt16BE(this.offset);
    this.offset += 2;
    return { type: v & 0xff, form: v >> 8 };
  }

  int32(): number {
    this.need(4);
    const v = this.littleEndian ? this.buffer.readInt32LE(this.offset) : this.buffer.readInt32BE(this.offset);
    this.offset += 4;
    return v;
  }

  cstring(): string {
    const end = this.buffer.indexOf(0, this.offset);
    if (end < 0) throw new NeedMoreBytes();
    const s = this.buffer.toString('utf8', this.offset, end);
    this.offset = end + 1;
    return s;
  }

  /** A line ending in LF (the text parts of requests), without the LF. */
  line(): string {
    const end = this.buffer.indexOf(10, this.offset);
    if (end < 0) throw new NeedMoreBytes();
    const s = this.buffer.toString('utf8', this.offset, end);
    this.offset = end + 1;
    return s;
  }

  text(length: number): string {
    this.need(length);
    const s = this.buffer.toString('utf8', this.offset, this.offset + length);
    this.offset += length;
    return s;
  }

  elem(type: number): Elem {
    if (type === T.string || type === T.symbol) return this.cstring();
    const width = widthOf(type);
    if (width === undefined) throw new Error(`cannot decode an element of type ${type}`);
    this.need(width);
    const b = this.buffer;
    const at = this.offset;
    const le = this.littleEndian;
    this.offset += width;
    switch (type) {
      case T.bool: {
        const v = b.readInt8(at);
        return v === NULL_BYTE ? null : v !== 0;
      }
      case T.char: {
        const v = b.readInt8(at);
        return v === NULL_BYTE ? null : v;
      }
      case T.short: {
        const v = le ? b.readInt16LE(at) : b.readInt16BE(at);
        return v === NULL_SHORT ? null : v;
      }
      case T.float: {
        const v = le ? b.readFloatLE(at) : b.readFloatBE(at);
        return v === NULL_FLOAT ? null : v;
      }
      case T.double: {
        const v = le ? b.readDoubleLE(at) : b.readDoubleBE(at);
        return v === NULL_DOUBLE ? null : v;
      }
      default:
        if (width === 4) {
          const v = le ? b.readInt32LE(at) : b.readInt32BE(at);
          return v === NULL_INT ? null : v;
        } else {
          const v = le ? b.readBigInt64LE(at) : b.readBigInt64BE(at);
          return v === NULL_LONG ? null : v;
        }
    }
  }
}

/** Decodes one whole object. `bases` carries the symbol bases of one table (ids are per table). */
export function readObject(r: Reader, bases = new Map<number, string[]>()): Value {
  const { type, form } = r.flag();
  return readBody(r, type, form, bases);
}

function readBody(r: Reader, rawType: number, form: number, bases: Map<number, string[]>): Value {
  const extended = rawType >= EXTENDED;
  const type = extended ? rawType - EXTENDED : rawType;
  switch (form) {
    case F.scalar:
      if (type === T.void) {
        r.uint8();
        return { kind: 'scalar', type, value: null };
      }
      return { kind: 'scalar', type, value: r.elem(type) };
    case F.vector:
    case F.pair:
    case F.set: {
      const rows = r.int32();
      const columns = r.int32();
      if (type === T.any) {
        const values: Value[] = [];
        for (let i = 0; i < rows * columns; i++) values.push(readObject(r, bases));
        return { kind: 'any', values };
      }
      if (type === T.symbol && extended) {
        const id = r.int32();
        const size = r.int32();
        let base = bases.get(id);
        if (size > 0 || !base) {
          base = [];
          for (let i = 0; i < size; i++) base.push(r.cstring());
          bases.set(id, base);
        }
        const values: Elem[] = [];
        for (let i = 0; i < rows; i++) values.push(base[r.int32()] ?? '');
        return { kind: 'vector', type, values };
      }
      const values: Elem[] = [];
      for (let i = 0; i < rows * columns; i++) values.push(r.elem(type));
      return { kind: 'vector', type, values };
    }
    case F.dictionary: {
      const keys = readObject(r, bases);
      const values = readObject(r, bases);
      const keyList = keys.kind === 'vector' ? keys.values : [];
      const valueList: Value[] =
        values.kind === 'any'
          ? [...values.values]
          : values.kind === 'vector'
            ? values.values.map((v) => ({ kind: 'scalar', type: values.type, value: v }))
            : [];
      return {
        kind: 'dict',
        keyType: keys.kind === 'vector' ? keys.type : T.string,
        keys: keyList,
        values: valueList,
      };
    }
    case F.table: {
      const rows = r.int32();
      const columns = r.int32();
      const name = r.cstring();
      const names: string[] = [];
      for (let i = 0; i < columns; i++) names.push(r.cstring());
      const tableBases = new Map<number, string[]>();
      const cols: [string, Vector][] = names.map((n) => {
        const column = readObject(r, tableBases);
        if (column.kind !== 'vector') throw new Error(`column ${n} is not a vector`);
        if (column.values.length !== rows) throw new Error(`column ${n} has the wrong length`);
        return [n, column];
      });
      return { kind: 'table', name, columns: cols };
    }
    default:
      throw new Error(`data form ${form} is not supported by the stand-in`);
  }
}
