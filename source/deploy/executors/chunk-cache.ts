import { open } from 'node:fs/promises';

/** Size of one read: 1 MiB, about 32 SSH packets. */
export const chunkBytes = 1 << 20;

/**
 * The chunks of a file being uploaded, read once for every host that is sent it. Thirty uploads of
 * the same package move at about the same pace, so a window of recent chunks serves all of them:
 * measured at 30 hosts, reading the 120 MB package once per host cost 2.5 CPU-seconds of this
 * process on a machine whose CPUs the transfer saturates. A host that falls further behind than the
 * window simply reads its chunk again. Bounded: at most `capacity` chunks are kept.
 */
export class ChunkCache {
  private readonly chunks = new Map<string, Promise<Buffer>>();

  constructor(private readonly capacity = 64) {}

  /** Chunk `index` (0-based) of `path`, whose identity (size and mtime) is `version`. */
  chunk(path: string, version: string, index: number, total: number): Promise<Buffer> {
    const key = `${version}\0${index}\0${path}`;
    const cached = this.chunks.get(key);
    if (cached) return cached;
    const read = readChunk(path, index, total);
    this.chunks.set(key, read);
    // A failed read is not kept: the next host tries again (and reports its own error).
    read.catch(() => this.chunks.delete(key));
    if (this.chunks.size > this.capacity) {
      const oldest = this.chunks.keys().next().value;
      if (oldest !== undefined) this.chunks.delete(oldest);
    }
    return read;
  }
}

async function readChunk(path: string, index: number, total: number): Promise<Buffer> {
  const start = index * chunkBytes;
  const length = Math.min(chunkBytes, total - start);
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(length);
    let done = 0;
    while (done < length) {
      const { bytesRead } = await file.read(buffer, done, length - done, start + done);
      if (bytesRead === 0)
        throw new Error(`${path} is shorter than ${total} bytes: it changed during the upload`);
      done += bytesRead;
    }
    return buffer;
  } finally {
    await file.close();
  }
}

/** One cache per thread: every upload this thread runs shares it. */
export const sharedChunks = new ChunkCache();
