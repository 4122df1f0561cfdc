import type { Socket } from 'node:net';
import type { Client, ClientChannel } from 'ssh2';
import type { TransferOptions } from '../executor.js';
import { onAbort } from '../abort-listeners.js';
import { chunkBytes, sharedChunks } from './chunk-cache.js';
import { AfterMark, marked } from './login-noise.js';
import { corked } from './socket-batching.js';

/** A local file to send: its path, size, and an identity (size and mtime) for the chunk cache. */
export type UploadFile = { readonly path: string; readonly version: string; readonly size: number };

/** What the receiving script said: its exit code and its output (the checksum it computed). */
export type ReceiveResult = { readonly code: number; readonly stdout: string };

/**
 * Runs `script` (which reads the file from its standard input) on the host and streams the file
 * into it, chunk by chunk from this thread's shared cache. Each 1 MiB chunk becomes some 32 SSH
 * packets, written corked so that they leave in one system call (socket-batching.ts). Progress is
 * reported per chunk; an abort closes the channel.
 */
export function sendFile(
  client: Client,
  socket: Socket | undefined,
  file: UploadFile,
  script: string,
  options: TransferOptions,
): Promise<ReceiveResult> {
  return new Promise((resolve, reject) => {
    client.exec(marked(script), (error, channel) => {
      if (error) return reject(error);
      let code: number | null = null;
      let closed = false;
      const stdout = new AfterMark();
      const stopWaiting = onAbort(options.signal, () => channel.close());
      channel.on('exit', (exitCode: number | null) => (code = exitCode));
      channel.on('close', () => {
        closed = true;
        stopWaiting();
        stdout.end();
        resolve({ code: code ?? 128, stdout: stdout.text });
      });
      channel.on('data', (data: Buffer) => stdout.push(data.toString('utf8')));
      channel.stderr.on('data', () => undefined);
      pump(socket, channel, file, options, () => closed).catch((cause: unknown) => {
        channel.close();
        reject(cause as Error);
      });
    });
  });
}

async function pump(
  socket: Socket | undefined,
  channel: ClientChannel,
  file: UploadFile,
  options: TransferOptions,
  closed: () => boolean,
): Promise<void> {
  const count = Math.ceil(file.size / chunkBytes);
  let done = 0;
  for (let index = 0; index < count; index++) {
    const chunk = await sharedChunks.chunk(file.path, file.version, index, file.size);
    // The host went away or the run was aborted: 'close' has settled the promise already.
    if (closed() || options.signal?.aborted) return;
    const more = socket ? corked(socket, () => channel.write(chunk)) : channel.write(chunk);
    done += chunk.length;
    options.onProgress?.(done, file.size);
    if (!more) await drained(channel, closed);
  }
  if (!closed()) channel.end();
}

/** Resolves when the channel can take more, or has closed (nothing more will be written then). */
function drained(channel: ClientChannel, closed: () => boolean): Promise<void> {
  if (closed()) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      channel.off('drain', done);
      channel.off('close', done);
      resolve();
    };
    channel.once('drain', done);
    channel.once('close', done);
  });
}
