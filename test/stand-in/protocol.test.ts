/**
 * The exact bytes of the binary API protocol, as PROTOCOL.md writes them down (each layout there
 * names the official client file it was checked against).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient, TYPE } from './client.js';
import {
  cleanup,
  freePort,
  removeTempDirs,
  run,
  serverDir,
  standIn,
  tempDir,
  waitForLog,
  write,
} from './harness.js';

let port = 0;

beforeAll(async () => {
  await standIn();
  const dir = await serverDir(join(tempDir(), 'server'));
  port = await freePort();
  write(join(dir, 'dolphindb.cfg'), `localSite=localhost:${port}:local8848\nmode=single\n`);
  run(join(dir, 'dolphindb'), ['-console', '0']);
  await waitForLog(join(dir, 'dolphindb.log'), /Job scheduler initialization completed\./);
}, 60_000);
afterAll(async () => {
  await cleanup();
  removeTempDirs();
});

const hex = (b: Buffer) => b.toString('hex');
const le32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32LE(n);
  return hex(b);
};
const cstr = (s: string) => hex(Buffer.from(`${s}\0`));

/** `API <session> <length>\n<body>` */
const request = (session: string, body: string, tail = Buffer.alloc(0)) => {
  const b = Buffer.from(body, 'utf8');
  return Buffer.concat([Buffer.from(`API ${session} ${b.length}\n`), b, tail]);
};

async function withClient<T>(f: (c: TestClient) => Promise<T>): Promise<T> {
  const c = await TestClient.open('127.0.0.1', port);
  try {
    return await f(c);
  } finally {
    c.close();
  }
}

/** Splits an answer into its two text lines and the object bytes. */
function answer(raw: Buffer): { header: string; status: string; body: string } {
  const a = raw.indexOf(10);
  const b = raw.indexOf(10, a + 1);
  return {
    header: raw.toString('utf8', 0, a),
    status: raw.toString('utf8', a + 1, b),
    body: hex(raw.subarray(b + 1)),
  };
}

describe('API protocol bytes', () => {
  it('connect: `API 0 8\\nconnect\\n` → `<session> 0 1\\nOK\\n`', async () => {
    const c = await TestClient.open('127.0.0.1', port);
    try {
      const raw = await c.raw(Buffer.from('API 0 8\nconnect\n'));
      expect(raw.toString()).toMatch(/^[1-9]\d* 0 1\nOK\n$/);
    } finally {
      c.close();
    }
  });

  it('scalars: flag = type byte, form byte (little endian 16-bit form<<8|type), then the value', async () => {
    await withClient(async (c) => {
      const alias = answer(await c.raw(request(c.session, 'script\ngetNodeAlias()')));
      expect(alias.header).toBe(`${c.session} 1 1`);
      expect(alias.status).toBe('OK');
      expect(alias.body).toBe('1200' + cstr('local8848'));
      expect(answer(await c.raw(request(c.session, 'script\ngetNodeType()'))).body).toBe('0400' + le32(3));
      expect(answer(await c.raw(request(c.session, 'script\n1 == 1'))).body).toBe('010001');
      // INT null = INT_MIN; DATE = days since 1970-01-01
      const licence = answer(await c.raw(request(c.session, 'script\nlicense()'))).body;
      expect(licence).toContain(hex(Buffer.from('port\0')));
      expect(licence).toContain('0400' + '00000080');
      expect(licence).toContain('0600' + le32(Date.UTC(2042, 0, 1) / 86_400_000));
    });
  });

  it('vectors: flag, rows, columns (1), elements; STRING null-terminated; SYMBOL with its symbol base', async () => {
    await withClient(async (c) => {
      expect(answer(await c.raw(request(c.session, 'script\n1 2 3'))).body).toBe(
        '0401' + le32(3) + le32(1) + le32(1) + le32(2) + le32(3),
      );
      expect(answer(await c.raw(request(c.session, 'script\n["a", "bc"]'))).body).toBe(
        '1201' + le32(2) + le32(1) + cstr('a') + cstr('bc'),
      );
      // type 17 + 128: base id, base size, base strings (index 0 is ''), then one int index per row
      expect(answer(await c.raw(request(c.session, 'script\nsymbol(["a","b","a"])'))).body).toBe(
        '9101' +
          le32(3) +
          le32(1) +
          le32(0) +
          le32(3) +
          cstr('') +
          cstr('a') +
          cstr('b') +
          le32(1) +
          le32(2) +
          le32(1),
      );
    });
  });

  it('tables and dictionaries', async () => {
    await withClient(async (c) => {
      const t = answer(
        await c.raw(request(c.session, 'script\nselect name, port from getClusterPerf()')),
      ).body;
      expect(t).toBe(
        '0006' +
          le32(1) +
          le32(2) +
          cstr('') +
          cstr('name') +
          cstr('port') +
          '1201' +
          le32(1) +
          le32(1) +
          cstr('local8848') +
          '0401' +
          le32(1) +
          le32(1) +
          le32(port),
      );
      const d = answer(await c.raw(request(c.session, 'script\nlicense()'))).body;
      // flag: value type ANY (25), form 5; then the keys as a STRING vector object
      expect(d.startsWith('1905' + '1201')).toBe(true);
    });
  });

  it('errors replace OK on the second line; a void result has no object', async () => {
    await withClient(async (c) => {
      const e = await c.raw(request(c.session, 'script\nnoSuch()'));
      expect(e.toString()).toBe(
        `${c.session} 0 1\nSyntax Error: [line #1] Cannot recognize the token noSuch\n`,
      );
      const v = await c.raw(request(c.session, 'script\nlogin("admin","123456")'));
      expect(v.toString()).toBe(`${c.session} 0 1\nOK\n`);
    });
  });

  it('function requests with arguments in either byte order; API2 with behaviour flags', async () => {
    await withClient(async (c) => {
      // big endian: the 16-bit flag puts the form byte first
      const be = Buffer.concat([
        Buffer.from([0x01, 0x04]),
        Buffer.from('000000030000000100000007000000080000000a', 'hex'),
      ]);
      const r = answer(await c.raw(request(c.session, 'function\nsize\n1\n0', be)));
      expect(r.body).toBe('0400' + le32(3));
      const stringArg = Buffer.concat([Buffer.from([TYPE.string, 0]), Buffer.from('mode\0')]);
      const body = Buffer.from('function\ngetConfig\n1\n1');
      const api2 = Buffer.concat([
        Buffer.from(`API2 ${c.session} ${body.length} / 0_1_4_2__0\n`),
        body,
        stringArg,
      ]);
      expect(answer(await c.raw(api2)).body).toBe('1200' + cstr('single'));
    });
  });

  it('variable uploads and pipelined requests', async () => {
    await withClient(async (c) => {
      const int42 = Buffer.from('0400' + le32(42), 'hex');
      expect((await c.raw(request(c.session, 'variable\nx\n1\n1', int42))).toString()).toBe(
        `${c.session} 0 1\nOK\n`,
      );
      expect(await c.value('x + 1')).toBe(43);
      // two requests in one write: two answers, in order
      const both = Buffer.concat([request(c.session, 'script\n1'), request(c.session, 'script\n2')]);
      const raw = await new Promise<Buffer>((resolve) => {
        let got = Buffer.alloc(0);
        const socket = (c as unknown as { socket: import('node:net').Socket }).socket;
        const onData = (d: Buffer) => {
          got = Buffer.concat([got, d]);
          if (got.length >= 2 * (`${c.session} 1 1\nOK\n`.length + 6)) {
            socket.off('data', onData);
            resolve(got);
          }
        };
        socket.on('data', onData);
        socket.write(both);
      });
      const one = Buffer.concat([
        Buffer.from(`${c.session} 1 1\nOK\n`),
        Buffer.from('0400' + le32(1), 'hex'),
      ]);
      const two = Buffer.concat([
        Buffer.from(`${c.session} 1 1\nOK\n`),
        Buffer.from('0400' + le32(2), 'hex'),
      ]);
      expect(hex(raw)).toBe(hex(Buffer.concat([one, two])));
    });
  });
});
