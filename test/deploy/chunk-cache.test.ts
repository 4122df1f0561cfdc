import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ChunkCache, chunkBytes } from '../../source/deploy/executors/chunk-cache.js';

const dir = mkdtempSync(join(tmpdir(), 'ddb-setup-chunks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, bytes: number): string {
  const path = join(dir, name);
  const data = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i++) data[i] = (i * 7) % 251;
  writeFileSync(path, data);
  return path;
}

describe('ChunkCache', () => {
  it('reads each chunk once for every upload of the same file, and the last one short', async () => {
    const size = 2 * chunkBytes + 10;
    const path = file('a.zip', size);
    const cache = new ChunkCache(8);
    const first = await cache.chunk(path, 'v1', 0, size);
    expect(await cache.chunk(path, 'v1', 0, size)).toBe(first);
    expect(first.length).toBe(chunkBytes);
    const last = await cache.chunk(path, 'v1', 2, size);
    expect(last.length).toBe(10);
    expect(last[0]).toBe((2 * chunkBytes * 7) % 251);
  });

  it('another version of the file is read again, and the window stays within its capacity', async () => {
    const size = 4 * chunkBytes;
    const path = file('b.zip', size);
    const cache = new ChunkCache(2);
    const old = await cache.chunk(path, 'v1', 0, size);
    const current = await cache.chunk(path, 'v2', 0, size);
    expect(current).not.toBe(old);
    expect(await cache.chunk(path, 'v2', 0, size)).toBe(current);
    await cache.chunk(path, 'v2', 1, size);
    await cache.chunk(path, 'v2', 2, size);
    // Chunk 0 has left the window of two: it is read anew.
    expect(await cache.chunk(path, 'v2', 0, size)).not.toBe(current);
  });

  it('a file that shrank during the upload fails the read, and the failure is not kept', async () => {
    const size = 2 * chunkBytes;
    const path = file('c.zip', size);
    truncateSync(path, chunkBytes + 5);
    const cache = new ChunkCache(4);
    await expect(cache.chunk(path, 'v1', 1, size)).rejects.toThrow(
      /shorter than .* it changed during the upload/,
    );
    writeFileSync(path, Buffer.alloc(size, 1));
    expect((await cache.chunk(path, 'v1', 1, size)).length).toBe(chunkBytes);
  });
});
