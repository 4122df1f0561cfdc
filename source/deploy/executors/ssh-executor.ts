import { stat } from 'node:fs/promises';
import { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { NodeSSH, type Config } from 'node-ssh';
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
import { placeScript, receiveScript, writeFilesScript } from '../../remote/remote-scripts.js';
import { lineSplitter } from './line-splitter.js';
import { connectFailure } from './connect-failure.js';
import { AfterMark, marked } from './login-noise.js';
import { loginOffer } from './ssh-login.js';
import { corkEachRead } from './socket-batching.js';
import { sendFile, type ReceiveResult, type UploadFile } from './send-file.js';
import { uploadPool, workerTarget } from './upload-pool.js';
import type { SshTarget } from './ssh-target.js';

export type { SshTarget } from './ssh-target.js';

/** How long connecting and the SSH greeting may take, each: the target's limit, else 10 s. */
const timeoutMs = (t: SshTarget): number => t.timeoutMs ?? 10_000;

/** Runs on a host over SSH (node-ssh): key, ssh-agent or password, per host user and port. */
export class SshExecutor implements Executor {
  readonly host: string;
  private connection: Promise<NodeSSH> | undefined;
  private hostKeyRefusal: StepError | undefined;
  /** The host key the current connection accepted, when a known_hosts policy checked it. */
  private hostKey: Buffer | undefined;
  /** Rejects when the current connection drops: every operation races it, so none hangs. */
  private dropped: Promise<never> = new Promise(() => undefined);
  /**
   * The TCP socket of each connection, ours to destroy: ssh2's own destroy() does nothing once the
   * socket is half-closed, and a half-closed socket to a host that stopped answering would keep
   * the program alive.
   */
  private readonly sockets = new WeakMap<NodeSSH, Socket>();

  constructor(private readonly target: SshTarget) {
    this.host = target.host;
  }

  private ssh(): Promise<NodeSSH> {
    this.connection ??= this.connect().catch((error: unknown) => {
      this.connection = undefined;
      throw error;
    });
    return this.connection;
  }

  private async connect(): Promise<NodeSSH> {
    const t = this.target;
    const socket = new Socket();
    // What this login offers (key, agent, ~/.ssh's default keys, password), and what it names when refused.
    const offer = loginOffer(t);
    const config: Config = {
      sock: socket,
      host: t.address,
      port: t.port,
      username: t.user,
      readyTimeout: timeoutMs(t),
      keepaliveInterval: 5_000,
      keepaliveCountMax: 3,
      ...offer.config,
      ...(t.checkHostKey
        ? {
            hostVerifier: (key: Buffer) => {
              this.hostKeyRefusal = t.checkHostKey?.(key);
              if (this.hostKeyRefusal === undefined) this.hostKey = key;
              return this.hostKeyRefusal === undefined;
            },
          }
        : {}),
    };
    const ssh = new NodeSSH();
    this.sockets.set(ssh, socket);
    // ssh2 reports the socket's errors once it has the socket; before that (node-ssh reads the key
    // file first) nobody would, so an error then must not crash the program.
    socket.on('error', () => undefined);
    try {
      await connectSocket(socket, t.address, t.port, t.connectTimeoutMs ?? timeoutMs(t));
      await ssh.connect(config);
    } catch (cause) {
      socket.destroy();
      if (this.hostKeyRefusal) throw this.hostKeyRefusal;
      throw connectFailure(t, cause as Error & { code?: string; level?: string }, offer, timeoutMs(t));
    }
    corkEachRead(socket);
    // A dropped connection must not leave the next step waiting on a dead socket, and its late
    // errors (EPIPE, ECONNRESET when a host dies mid-transfer) are reported by the operation that
    // was running, not thrown from nowhere.
    // A late drop of this connection must not forget a newer one.
    const current = this.connection;
    this.dropped = new Promise<never>((_, reject) => {
      const drop = (error?: Error) => {
        socket.destroy();
        if (this.connection === current) this.connection = undefined;
        reject(
          new StepError(
            'unreachable',
            `${t.host} (${t.address}) dropped the connection${error ? `: ${error.message}` : ''}`,
            {
              fix: 'check that the host is up and reachable, then run the same command again: it continues where it stopped',
            },
          ),
        );
      };
      ssh.connection?.on('close', () => drop());
      ssh.connection?.on('error', (error: Error) => drop(error));
    });
    // Nobody may be waiting when the connection drops; that must not be an unhandled rejection.
    this.dropped.catch(() => undefined);
    return ssh;
  }

  async exec(script: string, options: ExecOptions = {}): Promise<ExecResult> {
    const ssh = await this.ssh();
    const lines = lineSplitter(options.onLine);
    let channel: { close: () => void } | undefined;
    const stopWaiting = onAbort(options.signal, () => channel?.close());
    const limit = options.timeoutMs;
    // The host enforces the limit: `timeout` kills the script's whole process group (a signal to
    // the channel would reach only the first shell, and closing it kills nothing). Our own timer,
    // a little later, covers a host that does not even get that far (a shell start-up file that
    // waits, a stalled connection).
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      if (limit === undefined) return;
      timer = setTimeout(() => {
        channel?.close();
        reject(scriptTimedOut(this.host, limit));
      }, limit + 5_000);
    });
    const started = Date.now();
    // What the login shell's start-up files print is not the script's output (login-noise.ts).
    const stdout = new AfterMark();
    const stderr = new AfterMark();
    try {
      const result = await Promise.race([
        ssh.execCommand(marked(limit === undefined ? 'exec sh -s' : limitedShell(limit)), {
          stdin: script,
          noTrim: true,
          onChannel: (c) => (channel = c),
          onStdout: (chunk) => lines.push(stdout.push(chunk.toString('utf8'))),
          onStderr: (chunk) => stderr.push(chunk.toString('utf8')),
        }),
        this.dropped,
        timedOut,
      ]);
      lines.push(stdout.end());
      stderr.end();
      lines.end();
      if (options.signal?.aborted) throw new StepError('aborted', 'aborted before it finished');
      const killed = result.code === killedExit || result.signal === 'SIGKILL';
      if (limit !== undefined && killed && Date.now() - started >= limit)
        throw scriptTimedOut(this.host, limit);
      return { code: result.code ?? 128, stdout: stdout.text, stderr: stderr.text };
    } finally {
      clearTimeout(timer);
      stopWaiting();
    }
  }

  async upload(
    localPath: string,
    remotePath: string,
    sha256: string | Promise<string>,
    options: TransferOptions = {},
  ): Promise<void> {
    const { size, mtimeMs } = await stat(localPath);
    const partial = `${remotePath}.ddb-setup-part`;
    const file = { path: localPath, version: `${size}:${mtimeMs}`, size };
    // In a worker thread when the program has one (upload-pool.ts), so that encrypting and
    // packeting 30 uploads leaves this thread free for events and the screen; here otherwise.
    const pool = uploadPool();
    const result = pool
      ? await pool.transfer(
          { target: workerTarget(this.target), hostKey: await this.acceptedHostKey(), file, partial },
          options,
        )
      : await this.receive(file, partial, options);
    if (options.signal?.aborted) throw new StepError('aborted', 'aborted during the transfer');
    if (result.code !== 0)
      throw new StepError(
        'command-failed',
        `writing ${partial} on ${this.host} failed (exit ${result.code}): is the disk full?`,
      );
    // The partial file stays where it is when it differs: the next run overwrites it.
    if (result.stdout.trim() !== (await sha256))
      throw new ChecksumMismatch(`${remotePath} on ${this.host} arrived damaged (checksum differs)`);
    await this.mustRun(placeScript(partial, remotePath), `move ${partial} into place`);
  }

  /** The host key this connection accepted (a worker's own connection must meet the same one). */
  private async acceptedHostKey(): Promise<Buffer | undefined> {
    await this.ssh();
    return this.hostKey;
  }

  /**
   * Sends the file into `partial` on the host over this thread's connection; resolves with the
   * receiving script's exit code and output (the checksum it computed). Throws StepError when the
   * connection breaks or the run is aborted.
   */
  async receive(file: UploadFile, partial: string, options: TransferOptions = {}): Promise<ReceiveResult> {
    const ssh = await this.ssh();
    const client = ssh.connection;
    if (!client) throw new StepError('unreachable', `${this.host}: not connected`);
    const socket = this.sockets.get(ssh);
    try {
      return await Promise.race([
        sendFile(client, socket, file, receiveScript(partial, file.size), options),
        this.dropped,
      ]);
    } catch (cause) {
      if (options.signal?.aborted) throw new StepError('aborted', 'aborted during the transfer');
      const message = cause instanceof StepError ? cause.message : (cause as Error).message;
      throw new StepError('unreachable', `transfer to ${this.host} broke off: ${message}`, {
        fix: 'check that the host is up and has disk space, then run the same command again: it continues where it stopped',
      });
    }
  }

  async writeFiles(files: readonly FileToWrite[]): Promise<void> {
    if (files.length === 0) return;
    // One command for all the files (a session per file started a shell for each on the host,
    // 0.36 CPU-seconds for a deployment's 24 files on 3 test hosts, while the package transfer
    // wants those CPUs).
    await this.mustRun(writeFilesScript(files), `write ${files.map((file) => file.path).join(', ')}`);
  }

  async openStream(address: string, port: number): Promise<Duplex> {
    const ssh = await this.ssh();
    return Promise.race([ssh.forwardOut('127.0.0.1', 0, address, port), this.dropped]);
  }

  async close(): Promise<void> {
    const connection = this.connection;
    this.connection = undefined;
    const ssh = await connection?.catch(() => undefined);
    if (!ssh) return;
    const socket = this.sockets.get(ssh);
    ssh.dispose();
    // A host that stopped answering never acknowledges the end: give it a moment, then let go.
    if (socket && !socket.destroyed) {
      const timer = setTimeout(() => socket.destroy(), 1_000);
      socket.once('close', () => clearTimeout(timer));
    }
  }

  private async mustRun(script: string, what: string): Promise<void> {
    const result = await this.exec(script);
    if (result.code !== 0)
      throw new StepError(
        'command-failed',
        `${what} on ${this.host} failed: ${result.stderr.trim() || `exit ${result.code}`}`,
      );
  }
}

/** Opens the TCP connection; fails with the socket's error (ECONNREFUSED…) or ETIMEDOUT. */
function connectSocket(socket: Socket, host: string, port: number, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.destroy();
      reject(Object.assign(new Error(`connection to ${host}:${port} timed out`), { code: 'ETIMEDOUT' }));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      // Without Nagle: ssh2 sends a request as several small writes, and with Nagle each after the
      // first waits for the host's delayed ACK (about 40 ms). Measured on the test hosts: login
      // 210 → 50 ms, a command's round trip 60–90 → 15 ms. Bulk writes are grouped instead by
      // socket-batching.ts.
      socket.setNoDelay(true);
      resolve();
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.connect({ host, port });
  });
}

/**
 * Exit status of a shell whose command was killed with SIGKILL (128 + 9). The session itself may
 * also end by the signal, which sshd reports as such (exec checks both).
 */
const killedExit = 137;

/**
 * `sh -s` under the host's `timeout`, which puts the script in its own process group and kills the
 * group when time is up; a host without `timeout` runs the script unlimited (our own timer still
 * applies). marked() wraps it in `sh -c`, whatever the user's login shell is.
 */
function limitedShell(limitMs: number): string {
  const seconds = Math.max(1, Math.ceil(limitMs / 1000));
  return `command -v timeout >/dev/null 2>&1 && exec timeout -s KILL ${seconds} sh -s; exec sh -s`;
}
