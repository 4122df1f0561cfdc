/**
 * Exact-length reads over a stream of chunks, for parsing a format block by block (tar) without
 * holding more of the stream than the block at hand.
 */
export class ByteStream {
  private readonly chunks: AsyncIterator<Buffer>;
  private pending: Buffer = Buffer.alloc(0);
  private ended = false;

  constructor(chunks: AsyncIterable<Buffer>) {
    this.chunks = chunks[Symbol.asyncIterator]();
  }

  /** Exactly `length` bytes, or undefined when the stream ends first. */
  async read(length: number): Promise<Buffer | undefined> {
    const parts: Buffer[] = [];
    let have = 0;
    while (have < length) {
      const chunk = await this.next(length - have);
      if (!chunk) return undefined;
      parts.push(chunk);
      have += chunk.length;
    }
    return parts.length === 1 ? parts[0] : Buffer.concat(parts, length);
  }

  /** Drops `length` bytes; false when the stream ends first. */
  async skip(length: number): Promise<boolean> {
    for (let left = length; left > 0;) {
      const chunk = await this.next(left);
      if (!chunk) return false;
      left -= chunk.length;
    }
    return true;
  }

  /** Up to `most` bytes (at least one), or undefined at the end of the stream. */
  private async next(most: number): Promise<Buffer | undefined> {
    while (this.pending.length === 0) {
      if (this.ended) return undefined;
      const result = await this.chunks.next();
      if (result.done) this.ended = true;
      else this.pending = result.value;
    }
    const chunk = this.pending.subarray(0, most);
    this.pending = this.pending.subarray(chunk.length);
    return chunk;
  }
}
