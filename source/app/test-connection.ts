import { checkHostKey, fingerprint, readKnownHosts } from '../deploy/executors/known-hosts.js';
import { explain } from '../deploy/step-error.js';
import type { Topology } from '../model/topology.js';
import { executorsFor, runsLocally } from './executors-for.js';
import { closeAll } from './node-access.js';
import { hostKeyPolicy } from './host-key-policy.js';

/** The outcome of a connection test, in words a user can act on. */
export type ConnectionTest = {
  readonly ok: boolean;
  readonly message: string;
  readonly fix?: string;
  /** Set when the host is not in known_hosts yet: its key's fingerprint (accepted when deploying). */
  readonly newHostKey?: string;
};

/**
 * Connects to one host of the topology exactly as deploy does (same user, port, key, agent or
 * password, same known_hosts check), runs `uname -sr; id -un`, and disconnects. A key never seen
 * before is reported, not remembered: deploying accepts it after the user confirmed.
 */
export async function testConnection(
  topology: Topology,
  hostName: string,
  options: {
    readonly knownHostsFile: string;
    readonly password?: string;
    readonly timeoutMs?: number;
    readonly now: () => number;
  },
): Promise<ConnectionTest> {
  let newHostKey: string | undefined;
  const refuseChanged = hostKeyPolicy({ knownHostsFile: options.knownHostsFile, acceptNew: false });
  const executors = executorsFor(topology, {
    ...(options.password !== undefined ? { password: options.password } : {}),
    timeoutMs: options.timeoutMs ?? 8_000,
    checkHostKey: (host, address, port) => (key) => {
      if (checkHostKey(readKnownHosts(options.knownHostsFile), address, port, key) === 'unknown') {
        newHostKey = fingerprint(key);
        return undefined;
      }
      return refuseChanged(host, address, port)(key);
    },
  });
  const executor = executors.get(hostName);
  const host = topology.hosts.find((h) => h.name === hostName);
  if (!executor || !host) return { ok: false, message: `no host ${hostName} in the topology` };
  const started = options.now();
  try {
    const result = await executor.exec('uname -sr; id -un');
    const seconds = ((options.now() - started) / 1000).toFixed(1);
    const [kernel = '', user = ''] = result.stdout.trim().split('\n');
    if (result.code !== 0)
      return {
        ok: false,
        message: `connected, but \`uname -sr; id -un\` exited ${result.code}: ${result.stderr.trim()}`,
      };
    const local = runsLocally(topology, host);
    return {
      ok: true,
      message: local
        ? `this machine (no SSH needed), user ${user}: ${kernel}`
        : `connected as ${user} in ${seconds} s: ${kernel}`,
      ...(newHostKey ? { newHostKey } : {}),
    };
  } catch (error) {
    const { message, fix } = explain(error);
    return { ok: false, message, ...(fix ? { fix } : {}) };
  } finally {
    await closeAll(executors);
  }
}
