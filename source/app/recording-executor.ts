import type { Duplex } from 'node:stream';
import { swarmTokenPattern } from '../remote/docker-scripts.js';
import type { ExecOptions, ExecResult, Executor, FileToWrite, TransferOptions } from '../deploy/executor.js';

/** Where recorded commands go (the run's journal). */
export type CommandLog = (host: string, command: string) => void;

/**
 * Replaces every secret in a text: a password that somehow reached a script never reaches the
 * journal, nor does a swarm join token (which mode swarm must put in `docker swarm join`).
 */
export function redact(text: string, secrets: readonly string[]): string {
  return secrets
    .filter((s) => s !== '')
    .reduce((t, secret) => t.replaceAll(secret, '********'), text)
    .replace(swarmTokenPattern, 'SWMTKN-********');
}

/**
 * An executor that records every remote command before it runs (scripts verbatim, transfers and
 * file writes by path and size, never contents), with the run's secrets redacted, for the journal
 * that support staff read after a failure.
 */
export function recordingExecutor(inner: Executor, log: CommandLog, secrets: readonly string[]): Executor {
  const record = (command: string) => log(inner.host, redact(command, secrets));
  return {
    host: inner.host,
    exec(script: string, options?: ExecOptions): Promise<ExecResult> {
      record(script);
      return inner.exec(script, options);
    },
    upload(
      localPath: string,
      remotePath: string,
      sha256: string | Promise<string>,
      options?: TransferOptions,
    ): Promise<void> {
      record(`# upload ${localPath} -> ${remotePath}`);
      return inner.upload(localPath, remotePath, sha256, options);
    },
    writeFiles(files: readonly FileToWrite[]): Promise<void> {
      for (const file of files)
        record(
          `# write ${file.path} (${Buffer.byteLength(file.contents)} bytes, mode ${file.mode.toString(8)})`,
        );
      return inner.writeFiles(files);
    },
    openStream(address: string, port: number, signal?: AbortSignal): Promise<Duplex> {
      return inner.openStream(address, port, signal);
    },
    close: () => inner.close(),
  };
}

/** Every executor of a run, recording. */
export function recordingExecutors(
  executors: ReadonlyMap<string, Executor>,
  log: CommandLog,
  secrets: readonly string[],
): Map<string, Executor> {
  return new Map([...executors].map(([host, executor]) => [host, recordingExecutor(executor, log, secrets)]));
}
