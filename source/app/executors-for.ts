import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import type { Executor } from '../deploy/executor.js';
import { LocalExecutor } from '../deploy/executors/local-executor.js';
import { SshExecutor } from '../deploy/executors/ssh-executor.js';
import type { StepError } from '../deploy/step-error.js';
import { isLoopback } from '../model/ipv4.js';
import type { Topology, TopologyHost } from '../model/topology.js';

export type ExecutorOptions = {
  /** Host-key policy per host (app/host-key-policy.ts). */
  readonly checkHostKey?: (
    host: string,
    address: string,
    port: number,
  ) => (key: Buffer) => StepError | undefined;
  /** Passwords given at run time, by host name; in memory only. */
  readonly passwords?: ReadonlyMap<string, string>;
  /** How long an SSH connection may take (status uses a short one). */
  readonly timeoutMs?: number;
  /** How long the TCP connection to the SSH port may take (ssh-target.ts). */
  readonly connectTimeoutMs?: number;
};

/**
 * A host on a loopback address with no SSH settings is this machine: it is deployed directly,
 * without an SSH server.
 */
export function runsLocally(topology: Topology, host: TopologyHost): boolean {
  return (
    isLoopback(host.ssh?.address ?? host.address) && host.ssh === undefined && topology.ssh === undefined
  );
}

/**
 * One executor per host of the topology: local for a loopback host (a deployment onto this machine
 * needs no SSH server), SSH otherwise, with the host's user, port and key over the file's defaults.
 */
export function executorsFor(topology: Topology, options: ExecutorOptions = {}): Map<string, Executor> {
  const executors = new Map<string, Executor>();
  for (const host of topology.hosts) executors.set(host.name, executorFor(topology, host, options));
  return executors;
}

/** Where SSH connects for a host: its own SSH address and port over the file's defaults. */
export function sshEndpoint(topology: Topology, host: TopologyHost): { address: string; port: number } {
  return { address: host.ssh?.address ?? host.address, port: host.ssh?.port ?? topology.ssh?.port ?? 22 };
}

function executorFor(topology: Topology, host: TopologyHost, options: ExecutorOptions): Executor {
  if (runsLocally(topology, host)) return new LocalExecutor(host.name);
  const { address, port } = sshEndpoint(topology, host);
  const identityFile = host.ssh?.identityFile ?? topology.ssh?.identityFile;
  const password = options.passwords?.get(host.name);
  return new SshExecutor({
    host: host.name,
    address,
    port,
    user: host.ssh?.user ?? topology.ssh?.user ?? userInfo().username,
    ...(identityFile !== undefined ? { identityFile: expandHome(identityFile) } : {}),
    ...(password !== undefined ? { password } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.connectTimeoutMs !== undefined ? { connectTimeoutMs: options.connectTimeoutMs } : {}),
    ...(options.checkHostKey ? { checkHostKey: options.checkHostKey(host.name, address, port) } : {}),
  });
}

function expandHome(path: string): string {
  return path === '~' ? homedir() : path.startsWith('~/') ? join(homedir(), path.slice(2)) : path;
}
