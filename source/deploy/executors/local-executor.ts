import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { chmod, rename, stat, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import type { Duplex } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  ChecksumMismatch,
  scriptTimedOut,
  type ExecOptions,
  type ExecResult,
  type Executor,
  type FileToWrite,
  type TransferOptions,
} from '../executor.js';
import { onAbort } from '../abort-listeners.js';
import { StepError } from '../step-error.js';
import { lineSplitter } from './line-splitter.js';

/** Runs on this machine: a deployment onto the local host needs no SSH server. */
export class LocalExecutor implements Executor {
  constructor(readonly host: string) {}

  exec(script: string, options: ExecOptions = {}): Promise<ExecResult> {
    if (options.signal?.aborted) return Promise.reject(new StepError('aborted', 'aborted before it started'));
    return new Promise((resolve, reject) => {
      const limit = options.timeoutMs;
      // With a time limit the script gets its own process group, so that a timeout kills what it
      // started as well (a hung `sleep`, `df` or `sha256sum`), not only the shell.
      const child = spawn('sh', ['-s'], { stdio: ['pipe', 'pipe', 'pipe'], detached: limit !== undefined });
      // Not spawn's own `signal` option: that adds a listener per script to the run's one signal.
      const stopWaiting = onAbort(options.signal, () => {
        if (limit === undefined) child.kill('SIGTERM');
        else killGroup(child.pid);
        clearTimeout(timer);
        reject(new StepError('aborted', 'aborted before it finished'));
      });
      let stdout = '';
      let stderr = '';
      const lines = lineSplitter(options.onLine);
      child.stdout.setEncoding('utf8').on('data', (text: string) => {
        stdout += text;
        lines.push(text);
      });
      child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
      const timer =
        limit === undefined
          ? undefined
          : setTimeout(() => {
              killGroup(child.pid);
              reject(scriptTimedOut(this.host, limit));
            }, limit);
      child.on('error', (error) => {
        stopWaiting();
        reject(error);
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        stopWaiting();
        lines.end();
        resolve({ code: code ?? 128, stdout, stderr });
      });
      // A shell killed (abort, time limit) before it read its script closes the pipe: not an error.
      child.stdin.on('error', () => undefined);
      child.stdin.end(script);
    });
  }

  async upload(
    localPath: string,
    remotePath: string,
    sha256: string | Promise<string>,
    options: TransferOptions = {},
  ): Promise<void> {
    const total = (await stat(localPath)).size;
    let done = 0;
    const hash = createHash('sha256');
    const source = createReadStream(localPath, { highWaterMark: 1 << 20 });
    source.on('data', (chunk) => {
      done += chunk.length;
      hash.update(chunk);
      options.onProgress?.(done, total);
    });
    // Write beside the target and rename, so a cut-off copy never looks complete.
    const partial = `${remotePath}.ddb-setup-part`;
    const stopWaiting = onAbort(options.signal, () =>
      source.destroy(new StepError('aborted', 'aborted during the transfer')),
    );
    try {
      await pipeline(source, createWriteStream(partial));
    } finally {
      stopWaiting();
    }
    if (hash.digest('hex') !== (await sha256))
      throw new ChecksumMismatch(`${localPath} changed while it was copied`);
    await rename(partial, remotePath);
  }

  async writeFiles(files: readonly FileToWrite[]): Promise<void> {
    for (const file of files) {
      const partial = `${file.path}.ddb-setup-part`;
      await writeFile(partial, file.contents, { mode: file.mode });
      await chmod(partial, file.mode);
      await rename(partial, file.path);
    }
  }

  openStream(address: string, port: number, signal?: AbortSignal): Promise<Duplex> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: address, port });
      const stopWaiting = onAbort(signal, () =>
        socket.destroy(new StepError('aborted', 'aborted before the connection was made')),
      );
      socket.once('close', stopWaiting);
      socket.once('connect', () => resolve(socket));
      socket.once('error', reject);
    });
  }

  async close(): Promise<void> {}
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}
