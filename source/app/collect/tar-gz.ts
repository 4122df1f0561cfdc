import { gzipSync } from 'node:zlib';

/** One regular file of an archive: its path inside it and its bytes. */
export type ArchiveEntry = { readonly path: string; readonly contents: string | Buffer };

/**
 * A gzip-compressed POSIX tar (ustar) of regular files, mode 0600, built in memory: a support
 * bundle is a few MB at most, and Node's zlib saves every npx user a tar dependency. Paths longer
 * than ustar's 100 (+155 prefix) bytes get a PAX `path` record, which GNU and BSD tar both read.
 * Parent directories are not stored: `tar -x` creates them.
 */
export function tarGz(entries: readonly ArchiveEntry[], mtime: Date): Buffer {
  const seconds = Math.floor(mtime.getTime() / 1000);
  const blocks: Buffer[] = [];
  for (const entry of entries) {
    const data = typeof entry.contents === 'string' ? Buffer.from(entry.contents, 'utf8') : entry.contents;
    const split = splitPath(entry.path);
    if (!split) {
      const record = paxRecord('path', entry.path);
      blocks.push(header({ name: 'PaxHeader', prefix: '', size: record.length, mtime: seconds, type: 'x' }));
      blocks.push(padded(record));
    }
    const { name, prefix } = split ?? { name: entry.path.slice(-100).replace(/^\/+/, ''), prefix: '' };
    blocks.push(header({ name, prefix, size: data.length, mtime: seconds, type: '0' }));
    blocks.push(padded(data));
  }
  // The end of the archive: two zero blocks.
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}

/** ustar's name (≤ 100 bytes) and prefix (≤ 155 bytes) split at a `/`; undefined when it cannot. */
function splitPath(path: string): { name: string; prefix: string } | undefined {
  if (Buffer.byteLength(path) <= 100) return { name: path, prefix: '' };
  for (let at = path.indexOf('/'); at !== -1; at = path.indexOf('/', at + 1)) {
    const prefix = path.slice(0, at);
    const name = path.slice(at + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100 && name !== '')
      return { name, prefix };
  }
  return undefined;
}

/** A PAX record `<length> key=value\n`, where the length counts itself. */
function paxRecord(key: string, value: string): Buffer {
  const body = ` ${key}=${value}\n`;
  let length = Buffer.byteLength(body) + 1;
  while (String(length).length + Buffer.byteLength(body) !== length) length++;
  return Buffer.from(`${length}${body}`, 'utf8');
}

function header(fields: {
  name: string;
  prefix: string;
  size: number;
  mtime: number;
  type: '0' | 'x';
}): Buffer {
  const block = Buffer.alloc(512);
  const put = (text: string, offset: number, length: number) => block.write(text, offset, length, 'utf8');
  const octal = (value: number, offset: number, length: number) =>
    put(`${value.toString(8).padStart(length - 1, '0')}\0`, offset, length);
  put(fields.name, 0, 100);
  octal(0o600, 100, 8);
  octal(0, 108, 8); // uid
  octal(0, 116, 8); // gid
  octal(fields.size, 124, 12);
  octal(fields.mtime, 136, 12);
  put(' '.repeat(8), 148, 8); // the checksum counts its own field as spaces
  put(fields.type, 156, 1);
  put('ustar\0', 257, 6);
  put('00', 263, 2);
  put(fields.prefix, 345, 155);
  let sum = 0;
  for (const byte of block) sum += byte;
  put(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8);
  return block;
}

/** The data followed by zeros up to the next 512-byte block. */
function padded(data: Buffer): Buffer {
  const rest = data.length % 512;
  return rest === 0 ? data : Buffer.concat([data, Buffer.alloc(512 - rest)]);
}
