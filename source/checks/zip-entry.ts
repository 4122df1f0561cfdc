import { inflateRawSync } from 'node:zlib';

/**
 * Positional reads of a file, so that a 120 MB package costs only its end-of-central-directory,
 * central directory and the one entry wanted (and tests can count the bytes read).
 */
export type RandomAccess = {
  readonly size: number;
  /** Exactly `length` bytes at `position`; throws when the file is shorter. */
  read(position: number, length: number): Promise<Buffer>;
};

const endSignature = 0x06054b50;
const centralSignature = 0x02014b50;
const localSignature = 0x04034b50;
const endLength = 22;
const maxComment = 0xffff;
// A central directory this large is corruption, not a DolphinDB package (which has a few thousand entries).
const maxCentralDirectory = 64 * 1024 * 1024;

/**
 * One entry of a zip archive, chosen by name from the central directory: `pick` gets every name
 * and returns the one to read, or undefined to read none. Stored and deflated entries up to
 * `maxSize` bytes; anything else (zip64, encryption, other methods, multi-disk) fails with a
 * message saying so.
 */
export async function readZipEntry(
  file: RandomAccess,
  pick: (names: readonly string[]) => string | undefined,
  maxSize: number,
): Promise<Buffer | undefined> {
  const entries = await centralDirectory(file);
  const name = pick(entries.map((entry) => entry.name));
  const entry = entries.find((candidate) => candidate.name === name);
  return entry ? entryData(file, entry, maxSize) : undefined;
}

type CentralEntry = {
  readonly name: string;
  readonly flags: number;
  readonly method: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localOffset: number;
};

async function centralDirectory(file: RandomAccess): Promise<CentralEntry[]> {
  if (file.size < endLength) throw new Error('too short to be a zip archive');
  const tailLength = Math.min(file.size, endLength + maxComment);
  const tail = await file.read(file.size - tailLength, tailLength);
  const end = findEnd(tail);
  if (end < 0) throw new Error('no zip end-of-central-directory record (not a zip archive, or truncated)');
  const disk = tail.readUInt16LE(end + 4);
  const count = tail.readUInt16LE(end + 10);
  const size = tail.readUInt32LE(end + 12);
  const offset = tail.readUInt32LE(end + 16);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff)
    throw new Error('zip64 archives (over 4 GB or 65535 entries) are not supported');
  if (disk !== 0 || tail.readUInt16LE(end + 6) !== 0)
    throw new Error('multi-part zip archives are not supported');
  const endPosition = file.size - tailLength + end;
  if (offset + size > endPosition || size > maxCentralDirectory)
    throw new Error('the zip central directory lies outside the file (truncated or corrupt archive)');
  return parseCentral(await file.read(offset, size), count);
}

/** The last end-of-central-directory signature whose comment fits in the tail. */
function findEnd(tail: Buffer): number {
  for (let i = tail.length - endLength; i >= 0; i--) {
    if (tail.readUInt32LE(i) === endSignature && i + endLength + tail.readUInt16LE(i + 20) <= tail.length)
      return i;
  }
  return -1;
}

function parseCentral(buffer: Buffer, count: number): CentralEntry[] {
  const entries: CentralEntry[] = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    if (at + 46 > buffer.length || buffer.readUInt32LE(at) !== centralSignature)
      throw new Error('corrupt zip central directory');
    const nameLength = buffer.readUInt16LE(at + 28);
    const extraLength = buffer.readUInt16LE(at + 30);
    const commentLength = buffer.readUInt16LE(at + 32);
    if (at + 46 + nameLength > buffer.length) throw new Error('corrupt zip central directory');
    entries.push({
      // Names are compared with ASCII paths only, which read the same in UTF-8 and CP437.
      name: buffer.toString('utf8', at + 46, at + 46 + nameLength).replaceAll('\\', '/'),
      flags: buffer.readUInt16LE(at + 8),
      method: buffer.readUInt16LE(at + 10),
      compressedSize: buffer.readUInt32LE(at + 20),
      size: buffer.readUInt32LE(at + 24),
      localOffset: buffer.readUInt32LE(at + 42),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

async function entryData(file: RandomAccess, entry: CentralEntry, maxSize: number): Promise<Buffer> {
  const label = `zip entry ${entry.name}`;
  if (entry.flags & 1) throw new Error(`${label} is encrypted`);
  if (entry.compressedSize === 0xffffffff || entry.size === 0xffffffff || entry.localOffset === 0xffffffff)
    throw new Error(`${label} uses zip64, which is not supported`);
  if (entry.size > maxSize) throw new Error(`${label} is ${entry.size} bytes, more than ${maxSize}`);
  if (entry.method !== 0 && entry.method !== 8)
    throw new Error(
      `${label} is compressed with method ${entry.method}; only stored and deflate are supported`,
    );
  // The local header's name and extra field may differ in length from the central directory's.
  const local = await file.read(entry.localOffset, 30);
  if (local.readUInt32LE(0) !== localSignature) throw new Error(`${label}: corrupt local header`);
  const start = entry.localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  const raw = await file.read(start, entry.compressedSize);
  let data: Buffer;
  try {
    data = entry.method === 0 ? raw : inflateRawSync(raw, { maxOutputLength: Math.max(maxSize, 1) });
  } catch (cause) {
    throw new Error(`${label} is corrupt: ${(cause as Error).message}`);
  }
  if (data.length !== entry.size)
    throw new Error(`${label} is corrupt: ${data.length} bytes instead of ${entry.size}`);
  return data;
}
