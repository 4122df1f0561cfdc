import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** sha256 of a local file, streamed; each path is hashed once per run. */
export function checksummer(): (path: string) => Promise<string> {
  const sums = new Map<string, Promise<string>>();
  return (path) => {
    let sum = sums.get(path);
    if (!sum) {
      sum = (async () => {
        const hash = createHash('sha256');
        // 4 MiB reads instead of the default 64 KiB: the hash of a 120 MB package is waited for
        // before any upload starts, and runs while the SSH logins keep this thread busy; each
        // read is a round trip through that thread (measured: 630 → 190 ms wall, same CPU).
        await pipeline(createReadStream(path, { highWaterMark: 4 << 20 }), hash);
        return hash.digest('hex');
      })();
      sums.set(path, sum);
    }
    return sum;
  };
}

/** Downloads a URL once per run into a private temporary directory, for hosts without internet. */
export function downloader(): (url: string) => Promise<string> {
  const copies = new Map<string, Promise<string>>();
  return (url) => {
    let copy = copies.get(url);
    if (!copy) {
      copy = (async () => {
        const dir = join(tmpdir(), `ddb-setup-${process.getuid?.() ?? 'user'}`);
        await mkdir(dir, { recursive: true, mode: 0o700 });
        const target = join(dir, decodeURIComponent(new URL(url).pathname.split('/').pop() || 'package.zip'));
        const response = await fetch(url);
        if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
        await pipeline(Readable.fromWeb(response.body as never), createWriteStream(`${target}.part`));
        await rename(`${target}.part`, target);
        return target;
      })();
      copies.set(url, copy);
    }
    return copy;
  };
}
