import { createReadStream } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { readTarEntry } from './tar-entry.js';
import { readZipEntry, type RandomAccess } from './zip-entry.js';

/** Where the licence sits in a server package (facts §5). */
export const packageLicensePath = 'server/dolphindb.lic';

// A licence is about a kilobyte; anything much larger under that name is not one.
const maxLicenseBytes = 1024 * 1024;

/**
 * True for `server/dolphindb.lic`, also below one top-level folder
 * (`DolphinDB_Linux64_V2.00.11/server/dolphindb.lic`) as archives made with `zip -r dir` have it.
 */
export function isPackageLicense(entryName: string): boolean {
  const name = entryName.replace(/^(\.\/)+/, '');
  return name === packageLicensePath || /^[^/]+\/server\/dolphindb\.lic$/.test(name);
}

/**
 * The text of the licence inside a local server package (`.zip`, `.tar.gz` or `.tgz`), or
 * undefined when the package has none. Throws an Error naming the file when it cannot be read.
 */
export async function readPackageLicense(path: string): Promise<string | undefined> {
  try {
    // Opening a named pipe would wait for a writer forever: only a regular file is read.
    if (!(await stat(path)).isFile()) throw new Error('not a regular file');
    const format = await archiveFormat(path);
    const data = format === 'zip' ? await licenseFromZip(path) : await licenseFromTarGz(path);
    return data?.toString('utf8');
  } catch (cause) {
    throw new Error(`cannot read the licence in ${path}: ${(cause as Error).message}`, { cause });
  }
}

/** By the name when it says, else by the first bytes (a download may be named anything). */
async function archiveFormat(path: string): Promise<'zip' | 'tar.gz'> {
  if (/\.zip$/i.test(path)) return 'zip';
  if (/\.(tar\.gz|tgz)$/i.test(path)) return 'tar.gz';
  const handle = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(2), 0, 2, 0);
    if (bytesRead === 2 && buffer[0] === 0x50 && buffer[1] === 0x4b) return 'zip';
    if (bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b) return 'tar.gz';
  } finally {
    await handle.close();
  }
  throw new Error('not a .zip or .tar.gz archive');
}

async function licenseFromZip(path: string): Promise<Buffer | undefined> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    // The exact name wins over one below a top-level folder, should an archive have both.
    const pick = (names: readonly string[]) =>
      names.find((name) => name === packageLicensePath) ?? names.find(isPackageLicense);
    return await readZipEntry(fileAccess(handle, size), pick, maxLicenseBytes);
  } finally {
    await handle.close();
  }
}

/** Positional reads through a file handle. */
export function fileAccess(handle: FileHandle, size: number): RandomAccess {
  return {
    size,
    async read(position, length) {
      const buffer = Buffer.alloc(length);
      for (let done = 0; done < length;) {
        const { bytesRead } = await handle.read(buffer, done, length - done, position + done);
        if (bytesRead === 0) throw new Error('unexpected end of file');
        done += bytesRead;
      }
      return buffer;
    },
  };
}

async function licenseFromTarGz(path: string): Promise<Buffer | undefined> {
  // pipeline passes a read error on to the gunzip stream, and destroying that (below, once the
  // licence is found) closes the file too; the callback only keeps those errors from going unhandled.
  const gunzip = pipeline(createReadStream(path), createGunzip(), () => undefined);
  try {
    return await readTarEntry(gunzip, isPackageLicense, maxLicenseBytes);
  } finally {
    gunzip.destroy();
  }
}
