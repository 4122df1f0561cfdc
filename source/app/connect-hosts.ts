import type { Executor } from '../deploy/executor.js';
import type { Topology } from '../model/topology.js';
import { confirmNewHostKeys, type HostKeyQuestion } from './confirm-host-keys.js';
import { executorsFor } from './executors-for.js';
import { defaultKnownHostsFile, hostKeyPolicy } from './host-key-policy.js';
import type { Journal } from '../store/journal.js';
import { recordingExecutors } from './recording-executor.js';

export type ConnectOptions = {
  readonly knownHostsFile?: string;
  /** Accept keys never seen before without asking (`--yes`); each is still reported. */
  readonly acceptNewHostKeys: boolean;
  /** Asks the user about a key never seen before; absent without a terminal. */
  readonly confirmHostKey?: (question: HostKeyQuestion) => Promise<boolean>;
  readonly onNewHostKey?: (host: string, address: string, fingerprint: string) => void;
  /** SSH passwords by host name, asked for at run time; in memory only. */
  readonly passwords?: ReadonlyMap<string, string>;
  readonly timeoutMs?: number;
  readonly connectTimeoutMs?: number;
  /** Records every remote command in this journal, the passwords redacted; absent: none kept. */
  readonly record?: { readonly journal: Journal; readonly now: () => Date };
};

/**
 * The executors of a command that talks to the hosts, with the host-key policy in force: keys in
 * known_hosts pass, a changed key stops that host, a new key is accepted with `--yes` or after the
 * user confirmed its fingerprint on the terminal (asked before any login), else refused. With
 * `record`, every remote command goes to the run's journal.
 */
export async function connectHosts(
  topology: Topology,
  options: ConnectOptions,
): Promise<Map<string, Executor>> {
  const knownHostsFile = options.knownHostsFile ?? defaultKnownHostsFile();
  if (!options.acceptNewHostKeys && options.confirmHostKey)
    await confirmNewHostKeys(topology, knownHostsFile, options.confirmHostKey);
  const executors = executorsFor(topology, {
    ...(options.passwords ? { passwords: options.passwords } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.connectTimeoutMs !== undefined ? { connectTimeoutMs: options.connectTimeoutMs } : {}),
    checkHostKey: hostKeyPolicy({
      knownHostsFile,
      acceptNew: options.acceptNewHostKeys,
      ...(options.onNewHostKey ? { onNewKey: options.onNewHostKey } : {}),
    }),
  });
  const record = options.record;
  if (!record) return executors;
  return recordingExecutors(
    executors,
    (host, command) => record.journal.recordCommand(host, command, record.now()),
    [...(options.passwords?.values() ?? [])],
  );
}
