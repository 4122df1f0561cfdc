import type { Duplex } from 'node:stream';

export type ExecResult = { readonly code: number; readonly stdout: string; readonly stderr: string };

export type ExecOptions = {
  readonly signal?: AbortSignal;
  /** Called with each line of standard output as it arrives. */
  readonly onLine?: (line: string) => void;
};

export type TransferOptions = {
  readonly signal?: AbortSignal;
  readonly onProgress?: (done: number, total: number) => void;
};

/** The file arrived, but its checksum on the host is not the one sent. */
export class ChecksumMismatch extends Error {}

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
   * Copies a local file to `remotePath`, streaming, and checks its sha256 on arrival in the same
   * pass: the file appears at `remotePath` only when it matches `sha256` (else ChecksumMismatch).
   */
  upload(localPath: string, remotePath: string, sha256: string, options?: TransferOptions): Promise<void>;
  /** Writes `contents` to `remotePath` with `mode`. */
  writeFile(remotePath: string, contents: string | Buffer, mode: number): Promise<void>;
  /** A byte stream to `address:port` as seen from the host (an SSH tunnel when remote). */
  openStream(address: string, port: number, signal?: AbortSignal): Promise<Duplex>;
  close(): Promise<void>;
}
