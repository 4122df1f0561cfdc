import { ByteStream } from './byte-stream.js';

const block = 512;
// GNU long names and pax headers hold a path or a few attributes; more is corruption.
const maxMetadata = 64 * 1024;

/**
 * The first regular file of a tar stream whose name `wanted` accepts, read as the stream goes and
 * without reading past it; undefined when the archive ends without one. Reads ustar names
 * (prefix + name), GNU long names (`././@LongLink`) and pax `path` records.
 */
export async function readTarEntry(
  chunks: AsyncIterable<Buffer>,
  wanted: (name: string) => boolean,
  maxSize: number,
): Promise<Buffer | undefined> {
  const stream = new ByteStream(chunks);
  let longName: string | undefined;
  for (;;) {
    const header = await stream.read(block);
    // A stream cut exactly between entries has no end marker; treat it as the end, as tar does.
    if (!header || header.every((byte) => byte === 0)) return undefined;
    if (!checksumMatches(header)) throw new Error('not a tar archive (bad header checksum)');
    const size = numberField(header, 124, 12);
    const type = String.fromCharCode(header[156] ?? 0);
    const name = longName ?? headerName(header);
    longName = undefined;
    if (type === 'L' || type === 'x') {
      const body = await readBody(stream, size, maxMetadata);
      longName = type === 'L' ? cString(body, 0, body.length) : paxPath(body);
    } else if ((type === '0' || type === '\0' || type === '7') && wanted(name)) {
      if (size > maxSize) throw new Error(`tar entry ${name} is ${size} bytes, more than ${maxSize}`);
      return readBody(stream, size, maxSize);
    } else if (!(await stream.skip(padded(size)))) {
      throw truncated();
    }
  }
}

/** An entry's data, its padding consumed. */
async function readBody(stream: ByteStream, size: number, most: number): Promise<Buffer> {
  if (size > most) throw new Error(`tar metadata entry of ${size} bytes, more than ${most}`);
  const data = await stream.read(padded(size));
  if (!data) throw truncated();
  return data.subarray(0, size);
}

function padded(size: number): number {
  return Math.ceil(size / block) * block;
}

function truncated(): Error {
  return new Error('the tar archive ends in the middle of an entry (truncated download?)');
}

/** POSIX ustar splits long paths into prefix and name; GNU tar uses those bytes for other things. */
function headerName(header: Buffer): string {
  const name = cString(header, 0, 100);
  const posix = header.toString('latin1', 257, 263) === 'ustar\0';
  const prefix = posix ? cString(header, 345, 155) : '';
  return prefix === '' ? name : `${prefix}/${name}`;
}

function cString(buffer: Buffer, start: number, length: number): string {
  const field = buffer.subarray(start, start + length);
  const end = field.indexOf(0);
  return field.toString('utf8', 0, end < 0 ? field.length : end);
}

/** Octal text, or GNU's base-256 (high bit set) for sizes octal cannot hold. */
function numberField(header: Buffer, start: number, length: number): number {
  const field = header.subarray(start, start + length);
  if ((field[0] ?? 0) & 0x80) {
    let value = (field[0] ?? 0) & 0x7f;
    for (const byte of field.subarray(1)) value = value * 256 + byte;
    return value;
  }
  const text = field
    .toString('latin1')
    .replace(/[\0 ]+$/, '')
    .trim();
  if (!/^[0-7]*$/.test(text)) throw new Error('not a tar archive (bad number in a header)');
  return text === '' ? 0 : parseInt(text, 8);
}

/** The header sum with its checksum field counted as spaces; old tars summed signed bytes. */
function checksumMatches(header: Buffer): boolean {
  const stored = numberField(header, 148, 8);
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < block; i++) {
    const byte = i >= 148 && i < 156 ? 0x20 : (header[i] ?? 0);
    unsigned += byte;
    signed += byte > 127 ? byte - 256 : byte;
  }
  return stored === unsigned || stored === signed;
}

/** The `path` record of a pax extended header (`<length> path=<value>\n`). */
function paxPath(body: Buffer): string | undefined {
  let path: string | undefined;
  for (let at = 0; at < body.length;) {
    const space = body.indexOf(0x20, at);
    const length = space < 0 ? NaN : Number(body.toString('latin1', at, space));
    if (!Number.isInteger(length) || length <= 0 || at + length > body.length) break;
    const record = body.toString('utf8', space + 1, at + length - 1);
    if (record.startsWith('path=')) path = record.slice('path='.length);
    at += length;
  }
  return path;
}
