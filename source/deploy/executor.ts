import { StepError } from './step-error.js';
import type { Duplex } from 'node:stream';

export type ExecResult = { readonly code: number; readonly stdout: string; readonly stderr: string };

export type ExecOptions = {
  readonly signal?: AbortSignal;
  /** Called with each line of standard output as it arrives. */
  readonly onLine?: (line: string) => void;
  /**
   * Gives up on a script that has not finished after this long: it is killed and the call rejects
   * with a StepError. For scripts that normally take a moment, so a hung host (a dead mount, a
   * stalled disk) fails the step with a message instead of waiting forever. Absent: no limit.
   */
  readonly timeoutMs?: number;
};

/** The failure of a script that ran past its `timeoutMs`. */
export function scriptTimedOut(host: string, timeoutMs: number): StepError {
  return new StepError(
    'command-failed',
    `a script on ${host} did not finish within ${(timeoutMs / 1000).toFixed(timeoutMs % 1000 === 0 ? 0 : 1)} s; it was stopped`,
    {
      fix: `check ${host}: its load (uptime), its disks and mounts (df, mount), and the SSH user's shell start-up files (~/.bashrc, ~/.profile) for something that waits; then run the same command again: it continues where it stopped`,
    },
  );
}

export type TransferOptions = {
  readonly signal?: AbortSignal;
  readonly onProgress?: (done: number, total: number) => void;
};

/** The file arrived, but its checksum on the host is not the one sent. */
export class ChecksumMismatch extends Error {}

/** A small file to write on a host: a config file, a script, a licence. */
export type FileToWrite = {
  readonly path: string;
  readonly contents: string | Buffer;
  readonly mode: number;
};

/**
 * How the engine acts on one host: over SSH, or directly on this machine. Scripts go to `sh -s` on
 * standard input, so no value of the topology ever lands on a command line or in `ps`.
 */
export interface Executor {
  /** The topology's name for the host. */
  readonly host: string;
  /** Runs a POSIX sh script; resolves with its exit code (never rejects on a non-zero exit). */
  exec(script: string, options?: ExecOptions): Promise<ExecResult>;
  /**
   * Copies a local file to `remotePath`, streaming, and checks its sha256 on arrival: the file
   * appears at `remotePath` only when it matches `sha256` (else ChecksumMismatch). The checksum may
   * still be being computed: the copy starts at once and waits for it only at the end.
   */
  upload(
    localPath: string,
    remotePath: string,
    sha256: string | Promise<string>,
    options?: TransferOptions,
  ): Promise<void>;
  /**
   * Writes the files with their modes; each appears whole or not at all (written beside its path,
   * then renamed). Over SSH all of them go in one command (remote-scripts.ts writeFilesScript).
   */
  writeFiles(files: readonly FileToWrite[]): Promise<void>;
  /** A byte stream to `address:port` as seen from the host (an SSH tunnel when remote). */
  openStream(address: string, port: number, signal?: AbortSignal): Promise<Duplex>;
  close(): Promise<void>;
}
