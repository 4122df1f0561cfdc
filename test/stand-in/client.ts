/**
 * A raw-bytes client of DolphinDB's binary API protocol, for the stand-in's tests only. It is
 * written from PROTOCOL.md (which cites the official clients it was checked against) and shares no
 * code with the stand-in or with ddb-setup, so a test that passes proves the stand-in's bytes, not
 * an agreement between two halves of the same code.
 */
import { connect, type Socket } from 'node:net';

/** A decoded object, with its wire form and type codes kept so tests can check them. */
export type Obj =
  | { form: 0; type: number; value: unknown }
  | { form: 1 | 2 | 4; type: number; values: unknown[] }
  | { form: 5; type: number; keys: Obj; values: Obj }
  | { form: 6; type: number; name: string; columns: { name: string; column: Obj }[] };

/** The server answered with an error: the text on the line where `OK` would be. */
export class ServerError extends Error {}

export const TYPE = {
  void: 0,
  bool: 1,
  int: 4,
  long: 5,
  date: 6,
  double: 16,
  symbol: 17,
  string: 18,
  any: 25,
} as const;
export const FORM = { scalar: 0, vector: 1, dictionary: 5, table: 6 } as const;

class More extends Error {}

class Bytes {
  at = 0;
  constructor(
    readonly buf: Buffer,
    readonly le: boolean,
  ) {}
  private need(n: number) {
    if (this.at + n > this.buf.length) throw new More();
  }
  u8() {
    this.need(1);
    return this.buf[this.at++] ?? 0;
  }
  i8() {
    this.need(1);
    return this.buf.readInt8(this.at++);
  }
  i16() {
    this.need(2);
    const v = this.le ? this.buf.readInt16LE(this.at) : this.buf.readInt16BE(this.at);
    this.at += 2;
    return v;
  }
  i32() {
    this.need(4);
    const v = this.le ? this.buf.readInt32LE(this.at) : this.buf.readInt32BE(this.at);
    this.at += 4;
    return v;
  }
  i64() {
    this.need(8);
    const v = this.le ? this.buf.readBigInt64LE(this.at) : this.buf.readBigInt64BE(this.at);
    this.at += 8;
    return v;
  }
  f32() {
    this.need(4);
    const v = this.le ? this.buf.readFloatLE(this.at) : this.buf.readFloatBE(this.at);
    this.at += 4;
    return v;
  }
  f64() {
    this.need(8);
    const v = this.le ? this.buf.readDoubleLE(this.at) : this.buf.readDoubleBE(this.at);
    this.at += 8;
    return v;
  }
  cstr() {
    const end = this.buf.indexOf(0, this.at);
    if (end < 0) throw new More();
    const s = this.buf.toString('utf8', this.at, end);
    this.at = end + 1;
    return s;
  }
}

/** One element of `type`, nulls as null (PROTOCOL.md §3.3). */
function element(b: Bytes, type: number): unknown {
  switch (type) {
    case 1: {
      const v = b.i8();
      return v === -128 ? null : v !== 0;
    }
    case 2: {
      const v = b.i8();
      return v === -128 ? null : v;
    }
    case 3: {
      const v = b.i16();
      return v === -32768 ? null : v;
    }
    case 4:
    case 6:
    case 7:
    case 8:
    case 9:
    case 10:
    case 11:
    case 28: {
      const v = b.i32();
      return v === -2147483648 ? null : v;
    }
    case 5:
    case 12:
    case 13:
    case 14: {
      const v = b.i64();
      return v === -9223372036854775808n ? null : v;
    }
    case 15: {
      const v = b.f32();
      return v === -3.4028234663852886e38 ? null : v;
    }
    case 16: {
      const v = b.f64();
      return v === -Number.MAX_VALUE ? null : v;
    }
    case 17:
    case 18:
      return b.cstr();
    default:
      throw new Error(`the test client does not read type ${type}`);
  }
}

function object(b: Bytes): Obj {
  // Flag: a 16-bit integer in the connection's byte order, low byte type, high byte form.
  const flag = b.i16() & 0xffff;
  const type = flag & 0xff;
  const form = flag >> 8;
  if (form === 0) {
    if (type === 0) {
      b.u8();
      return { form: 0, type, value: null };
    }
    return { form: 0, type, value: element(b, type) };
  }
  if (form === 1 || form === 2 || form === 4) {
    const rows = b.i32();
    b.i32(); // columns
    if (type === 25) return { form, type, values: Array.from({ length: rows }, () => object(b)) };
    if (type === 17 + 128) {
      b.i32(); // symbol base id
      const size = b.i32();
      const base = Array.from({ length: size }, () => b.cstr());
      return { form, type, values: Array.from({ length: rows }, () => base[b.i32()]) };
    }
    return { form, type, values: Array.from({ length: rows }, () => element(b, type)) };
  }
  if (form === 5) return { form: 5, type, keys: object(b), values: object(b) };
  if (form === 6) {
    const rows = b.i32();
    const cols = b.i32();
    const name = b.cstr();
    const names = Array.from({ length: cols }, () => b.cstr());
    const columns = names.map((n) => ({ name: n, column: object(b) }));
    for (const { name: n, column } of columns)
      if (column.form !== 1 || column.values.length !== rows)
        throw new Error(`column ${n} is not ${rows} rows`);
    return { form: 6, type, name, columns };
  }
  throw new Error(`the test client does not read form ${form}`);
}

/** Encoders for function arguments (little endian). */
export const arg = {
  string(s: string): Buffer {
    return Buffer.concat([Buffer.from([TYPE.string, FORM.scalar]), Buffer.from(s, 'utf8'), Buffer.from([0])]);
  },
  bool(v: boolean): Buffer {
    return Buffer.from([TYPE.bool, FORM.scalar, v ? 1 : 0]);
  },
  int(v: number): Buffer {
    const b = Buffer.alloc(6);
    b[0] = TYPE.int;
    b[1] = FORM.scalar;
    b.writeInt32LE(v, 2);
    return b;
  },
  strings(values: string[]): Buffer {
    const head = Buffer.alloc(10);
    head[0] = TYPE.string;
    head[1] = FORM.vector;
    head.writeInt32LE(values.length, 2);
    head.writeInt32LE(1, 6);
    return Buffer.concat([
      head,
      ...values.map((s) => Buffer.concat([Buffer.from(s, 'utf8'), Buffer.from([0])])),
    ]);
  },
};

export class TestClient {
  session = '0';
  /** The header line of the last answer (`<session> <objects> <endian>`). */
  lastHeader = '';
  private buf = Buffer.alloc(0);
  private waiter: (() => void) | undefined;
  private closed: Error | undefined;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (d: Buffer) => {
      this.buf = Buffer.concat([this.buf, d]);
      this.waiter?.();
    });
    socket.on('close', () => {
      this.closed = new Error('connection closed');
      this.waiter?.();
    });
    socket.on('error', (e) => {
      this.closed = e;
      this.waiter?.();
    });
  }

  /** Opens a connection and a session (`API 0 8\nconnect\n`). */
  static async open(host: string, port: number): Promise<TestClient> {
    const socket = await new Promise<Socket>((resolve, reject) => {
      const s = connect({ host, port }, () => resolve(s));
      s.once('error', reject);
    });
    const client = new TestClient(socket);
    await client.request(Buffer.from('API 0 8\nconnect\n'));
    return client;
  }

  close(): void {
    this.socket.destroy();
  }

  /** Sends raw bytes and returns the decoded answer (undefined for no object). */
  async request(bytes: Buffer, timeoutMs = 10_000): Promise<Obj | undefined> {
    this.buf = Buffer.alloc(0);
    this.socket.write(bytes);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const answer = this.parse();
      if (answer) return answer.value;
      if (this.closed) throw this.closed;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('no answer in time');
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiter = () => {
          clearTimeout(t);
          resolve();
        };
      });
    }
  }

  /** Sends raw bytes and returns the raw bytes of the whole answer. */
  async raw(bytes: Buffer): Promise<Buffer> {
    await this.request(bytes).catch((e: unknown) => {
      if (!(e instanceof ServerError)) throw e;
    });
    return this.buf;
  }

  private parse(): { value: Obj | undefined } | undefined {
    const nl = this.buf.indexOf(10);
    if (nl < 0) return undefined;
    const nl2 = this.buf.indexOf(10, nl + 1);
    if (nl2 < 0) return undefined;
    const header = this.buf.toString('utf8', 0, nl);
    const [session = '', count = '', endian = ''] = header.split(' ');
    if (header.split(' ').length !== 3) throw new Error(`invalid header ${JSON.stringify(header)}`);
    const status = this.buf.toString('utf8', nl + 1, nl2);
    this.lastHeader = header;
    this.session = session;
    if (status !== 'OK') throw new ServerError(status);
    if (count === '0') return { value: undefined };
    try {
      const b = new Bytes(this.buf, endian === '1');
      b.at = nl2 + 1;
      return { value: object(b) };
    } catch (e) {
      if (e instanceof More) return undefined;
      throw e;
    }
  }

  /** `API <session> <len>\nscript\n<code>` */
  script(code: string): Promise<Obj | undefined> {
    const body = Buffer.from(`script\n${code}`, 'utf8');
    return this.request(Buffer.concat([Buffer.from(`API ${this.session} ${body.length}\n`), body]));
  }

  /** `API2 <session> <len> / <flags>\nfunction\n<name>\n<argc>\n1` then the encoded arguments. */
  call(name: string, args: Buffer[] = []): Promise<Obj | undefined> {
    const body = Buffer.from(`function\n${name}\n${args.length}\n1`, 'utf8');
    return this.request(
      Buffer.concat([Buffer.from(`API2 ${this.session} ${body.length} / 0_1_4_2__0\n`), body, ...args]),
    );
  }

  async login(user = 'admin', password = '123456'): Promise<void> {
    await this.call('login', [arg.string(user), arg.string(password)]);
  }

  /** Runs a script and returns a scalar's value. */
  async value(code: string): Promise<unknown> {
    const o = await this.script(code);
    if (!o || o.form !== 0)
      throw new Error(`${code} did not return a scalar: ${JSON.stringify(o, replacer)}`);
    return o.value;
  }
}

/** JSON.stringify replacer for bigints. */
export const replacer = (_key: string, v: unknown): unknown => (typeof v === 'bigint' ? v.toString() : v);

/** A table as rows of plain values. */
export function rows(table: Obj | undefined): Record<string, unknown>[] {
  if (!table || table.form !== 6) throw new Error(`not a table: ${JSON.stringify(table, replacer)}`);
  const n = table.columns[0]?.column.form === 1 ? table.columns[0].column.values.length : 0;
  return Array.from({ length: n }, (_, i) =>
    Object.fromEntries(
      table.columns.map(({ name, column }) => [name, column.form === 1 ? column.values[i] : undefined]),
    ),
  );
}

/** The column types of a table, by name. */
export function columnTypes(table: Obj | undefined): Record<string, number> {
  if (!table || table.form !== 6) throw new Error('not a table');
  return Object.fromEntries(table.columns.map(({ name, column }) => [name, column.type]));
}

/** Runs one script in a fresh session; undefined if the node does not answer. */
export async function ask(host: string, port: number, code: string, login = false): Promise<Obj | undefined> {
  let client: TestClient | undefined;
  try {
    client = await TestClient.open(host, port);
    if (login) await client.login();
    return await client.script(code);
  } finally {
    client?.close();
  }
}

/** Whether `admin` logs in with `password` on host:port (false when the server refuses it). */
export async function logsIn(host: string, port: number, password: string): Promise<boolean> {
  const client = await TestClient.open(host, port);
  try {
    await client.login('admin', password);
    return true;
  } catch (error) {
    if (error instanceof ServerError) return false;
    throw error;
  } finally {
    client.close();
  }
}
