/**
 * Reading server/dolphindb.lic out of real archives: the stand-in package (test/stand-in/pack.mjs)
 * as zipped, re-zipped and tarred by the system's zip and GNU tar, in the shapes packages come in.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseLicense } from '../../source/checks/license-terms.js';
import { fileAccess, isPackageLicense, readPackageLicense } from '../../source/checks/package-license.js';
import { readTarEntry } from '../../source/checks/tar-entry.js';
import { readZipEntry } from '../../source/checks/zip-entry.js';

const root = join(import.meta.dirname, '..', '..');
const firstLine = '2042.01.01,8,2,3,Trial Users,0,-1,,1\n';
const packageSize = 4_000_000;
// 95 characters: `<folder>/server/dolphindb.lic` needs GNU long names, pax or the ustar prefix, while the
// folder's own entry still fits ustar's 100-character name field.
const longFolder = `DolphinDB_Linux64_V2.00.11.3_${'x'.repeat(66)}`;

let dir = '';
let zip = '';
/** The package unzipped: `tree/server/…`. */
let tree = '';

function run(command: string, args: string[], cwd = dir): string {
  return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A copy of a file with some bytes changed. */
function patched(source: string, name: string, change: (bytes: Buffer) => void): string {
  const bytes = readFileSync(source);
  change(bytes);
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

/** The first `fraction` of a file, as a download cut short leaves it. */
function truncated(source: string, name: string, fraction: number): string {
  const bytes = readFileSync(source);
  const path = join(dir, name);
  writeFileSync(path, bytes.subarray(0, Math.floor(bytes.length * fraction)));
  return path;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ddb-license-test-'));
  run(process.execPath, [
    join(root, 'test', 'stand-in', 'pack.mjs'),
    '--version',
    '2.00.11.3',
    '--out',
    `${dir}/`,
    '--size',
    String(packageSize),
  ]);
  zip = join(dir, 'DolphinDB_Linux64_V2.00.11.3.zip');
  tree = join(dir, 'tree');
  run('unzip', ['-q', zip, '-d', tree]);
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('isPackageLicense', () => {
  it('accepts server/dolphindb.lic at the top or below exactly one folder', () => {
    expect(isPackageLicense('server/dolphindb.lic')).toBe(true);
    expect(isPackageLicense('./server/dolphindb.lic')).toBe(true);
    expect(isPackageLicense('DolphinDB_Linux64_V2.00.11/server/dolphindb.lic')).toBe(true);
    expect(isPackageLicense('./DolphinDB_Linux64_V2.00.11/server/dolphindb.lic')).toBe(true);
    expect(isPackageLicense('a/b/server/dolphindb.lic')).toBe(false);
    expect(isPackageLicense('server/clusterDemo/dolphindb.lic')).toBe(false);
    expect(isPackageLicense('dolphindb.lic')).toBe(false);
    expect(isPackageLicense('server/dolphindb.lic.bak')).toBe(false);
  });
});

describe('readPackageLicense from a zip', () => {
  it('reads the deflated licence of the stand-in package', async () => {
    const text = await readPackageLicense(zip);
    expect(text?.startsWith(firstLine)).toBe(true);
    expect(parseLicense(text ?? '')?.maxNodes).toBe(3);
  });

  it('reads only the end record, the central directory and the entry, not the whole file', async () => {
    const handle = await open(zip, 'r');
    let bytesRead = 0;
    try {
      const { size } = await handle.stat();
      expect(size).toBe(packageSize);
      const access = fileAccess(handle, size);
      const counting = {
        size,
        read: (position: number, length: number) => {
          bytesRead += length;
          return access.read(position, length);
        },
      };
      const data = await readZipEntry(counting, (names) => names.find(isPackageLicense), 1 << 20);
      expect(data?.toString('utf8').startsWith(firstLine)).toBe(true);
    } finally {
      await handle.close();
    }
    // At most the 64 KiB a zip comment may take, plus a directory of 23 entries and the licence.
    expect(bytesRead).toBeLessThan(70_000);
  });

  it('reads a stored licence below one top-level folder, as `zip -r -0 folder` makes it', async () => {
    const parent = join(dir, 'prefixed');
    cpSync(join(tree, 'server'), join(parent, 'DolphinDB_Linux64_V2.00.11.3', 'server'), { recursive: true });
    const path = join(dir, 'prefixed-stored.zip');
    run('zip', ['-q', '-r', '-0', path, 'DolphinDB_Linux64_V2.00.11.3'], parent);
    expect(run('unzip', ['-v', path])).toMatch(
      /Stored .* DolphinDB_Linux64_V2\.00\.11\.3\/server\/dolphindb\.lic/,
    );
    expect((await readPackageLicense(path))?.startsWith(firstLine)).toBe(true);
  });

  it('returns undefined for a zip without the licence, or with it deeper than one folder', async () => {
    const without = join(dir, 'without.zip');
    run('zip', ['-q', '-r', without, '.', '-x', 'server/dolphindb.lic'], tree);
    expect(run('unzip', ['-l', without])).toContain('server/dolphindb.cfg');
    expect(await readPackageLicense(without)).toBeUndefined();

    const deep = join(dir, 'deep');
    cpSync(join(tree, 'server'), join(deep, 'a', 'b', 'server'), { recursive: true });
    const deepZip = join(dir, 'deep.zip');
    run('zip', ['-q', '-r', deepZip, 'a'], deep);
    expect(await readPackageLicense(deepZip)).toBeUndefined();
  });

  it('fails with a message naming the file for random bytes, a truncated zip and a missing file', async () => {
    const random = join(dir, 'random.zip');
    writeFileSync(random, Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 251)));
    await expect(readPackageLicense(random)).rejects.toThrow(
      `cannot read the licence in ${random}: no zip end-of-central-directory record (not a zip archive, or truncated)`,
    );
    const cut = truncated(zip, 'cut.zip', 0.5);
    await expect(readPackageLicense(cut)).rejects.toThrow(
      /^cannot read the licence in .*cut\.zip: no zip end-of-central/,
    );
    const tiny = join(dir, 'tiny.zip');
    writeFileSync(tiny, 'PK');
    await expect(readPackageLicense(tiny)).rejects.toThrow(/too short to be a zip archive/);
    await expect(readPackageLicense(join(dir, 'missing.zip'))).rejects.toThrow(
      /^cannot read the licence in .*missing\.zip: ENOENT/,
    );
  });

  it('says what is unsupported: zip64, another compression method, a corrupt entry', async () => {
    const bytes = readFileSync(zip);
    const end = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    const zip64 = patched(zip, 'zip64.zip', (b) => b.writeUInt32LE(0xffffffff, end + 16));
    await expect(readPackageLicense(zip64)).rejects.toThrow(
      /zip64 archives \(over 4 GB or 65535 entries\) are not supported/,
    );

    // The central directory comes last, so the name's last occurrence is its central entry.
    const central = bytes.lastIndexOf(Buffer.from('server/dolphindb.lic')) - 46;
    const bzip2 = patched(zip, 'bzip2.zip', (b) => b.writeUInt16LE(12, central + 10));
    await expect(readPackageLicense(bzip2)).rejects.toThrow(
      'zip entry server/dolphindb.lic is compressed with method 12; only stored and deflate are supported',
    );

    // pack.mjs writes no extra field, so the data follows the local header's name.
    const name = Buffer.from('server/dolphindb.lic');
    const data = bytes.indexOf(name) + name.length;
    const corrupt = patched(zip, 'corrupt-entry.zip', (b) => b.fill(0xff, data, data + 20));
    await expect(readPackageLicense(corrupt)).rejects.toThrow(
      /zip entry server\/dolphindb\.lic is corrupt: /,
    );
  });
});

describe('readPackageLicense from a tar.gz', () => {
  it('reads `./server/dolphindb.lic` from `tar -czf x.tar.gz -C tree .`', async () => {
    const path = join(dir, 'dot.tar.gz');
    run('tar', ['-czf', path, '-C', tree, '.']);
    expect((await readPackageLicense(path))?.startsWith(firstLine)).toBe(true);
  });

  it.each([
    ['gnu', '././@LongLink'],
    ['posix', 'path='],
    ['ustar', undefined],
  ])('reads a long name below one folder in the %s format', async (format, marker) => {
    const parent = join(dir, `long-${format}`);
    cpSync(join(tree, 'server'), join(parent, longFolder, 'server'), { recursive: true });
    const path = join(dir, `long-${format}.tgz`);
    run('tar', [`--format=${format}`, '-czf', path, '-C', parent, longFolder]);
    const raw = gunzipSync(readFileSync(path)).toString('latin1');
    // The archive really uses the mechanism under test.
    if (marker) expect(raw).toContain(marker);
    else expect(raw).not.toMatch(/@LongLink|path=/);
    expect((await readPackageLicense(path))?.startsWith(firstLine)).toBe(true);
  });

  it('stops at the licence: a download cut short after it still reads, one cut before it fails', async () => {
    const early = join(dir, 'early.tgz');
    run('tar', ['-czf', early, '-C', tree, 'server/dolphindb.lic', 'server/STAND-IN-PADDING.bin']);
    expect((await readPackageLicense(truncated(early, 'early-cut.tgz', 0.5)))?.startsWith(firstLine)).toBe(
      true,
    );

    const late = join(dir, 'late.tgz');
    run('tar', ['-czf', late, '-C', tree, 'server/STAND-IN-PADDING.bin', 'server/dolphindb.lic']);
    expect((await readPackageLicense(late))?.startsWith(firstLine)).toBe(true);
    await expect(readPackageLicense(truncated(late, 'late-cut.tgz', 0.5))).rejects.toThrow(
      /^cannot read the licence in .*late-cut\.tgz: unexpected end of file/,
    );
  });

  it('returns undefined for a tar.gz without the licence', async () => {
    const path = join(dir, 'without.tar.gz');
    run('tar', ['-czf', path, '--exclude', 'server/dolphindb.lic', '-C', tree, 'server']);
    expect(run('tar', ['-tzf', path])).toContain('server/dolphindb.cfg');
    expect(await readPackageLicense(path)).toBeUndefined();
  });

  it('fails clearly for a file that is not gzip, and for gzip that is not tar', async () => {
    const notGzip = join(dir, 'not-gzip.tar.gz');
    writeFileSync(notGzip, 'just text, not an archive\n'.repeat(40));
    await expect(readPackageLicense(notGzip)).rejects.toThrow(
      /^cannot read the licence in .*not-gzip\.tar\.gz: incorrect header check/,
    );
    const notTar = join(dir, 'not-tar.tgz');
    writeFileSync(notTar, gzipSync(Buffer.from('just text, not an archive\n'.repeat(40))));
    await expect(readPackageLicense(notTar)).rejects.toThrow(/not-tar\.tgz: not a tar archive/);
  });

  it('reads the tar however the stream is cut into chunks', async () => {
    const path = join(dir, 'chunks.tar.gz');
    run('tar', ['-czf', path, '-C', tree, 'server/dolphindb.cfg', 'server/dolphindb.lic']);
    const tar = gunzipSync(readFileSync(path));
    async function* chunks(size: number): AsyncGenerator<Buffer> {
      for (let at = 0; at < tar.length; at += size) yield tar.subarray(at, at + size);
    }
    for (const size of [1, 7, 511, 513, 100_000]) {
      const data = await readTarEntry(chunks(size), isPackageLicense, 1 << 20);
      expect(data?.toString('utf8').startsWith(firstLine), `chunks of ${size}`).toBe(true);
    }
  });
});

describe('readPackageLicense by content', () => {
  it('tells a zip from a tar.gz by the first bytes when the name says neither', async () => {
    const zipCopy = join(dir, 'package-download');
    cpSync(zip, zipCopy);
    expect((await readPackageLicense(zipCopy))?.startsWith(firstLine)).toBe(true);
    const tgz = join(dir, 'tar-download');
    run('tar', ['-czf', tgz, '-C', tree, 'server/dolphindb.lic']);
    expect((await readPackageLicense(tgz))?.startsWith(firstLine)).toBe(true);
    const other = join(dir, 'other-download');
    writeFileSync(other, 'hello');
    await expect(readPackageLicense(other)).rejects.toThrow(
      /other-download: not a \.zip or \.tar\.gz archive/,
    );
    expect(statSync(other).size).toBe(5);
  });
});

describe('readPackageLicense of what is not a file', () => {
  it('refuses a named pipe at once instead of waiting for a writer', async () => {
    const fifo = join(dir, 'package.zip');
    execFileSync('mkfifo', [fifo]);
    await expect(readPackageLicense(fifo)).rejects.toThrow(
      `cannot read the licence in ${fifo}: not a regular file`,
    );
    rmSync(fifo);
  });
});
