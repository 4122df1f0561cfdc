import { scanHostKey } from '../deploy/executors/host-key-scan.js';
import {
  checkHostKey,
  fingerprint,
  readKnownHosts,
  rememberHostKey,
} from '../deploy/executors/known-hosts.js';
import type { Topology } from '../model/topology.js';
import { runsLocally, sshEndpoint } from './executors-for.js';

export type HostKeyQuestion = {
  readonly host: string;
  readonly address: string;
  readonly port: number;
  readonly fingerprint: string;
  readonly knownHostsFile: string;
};

/**
 * Trust on first use with the user's confirmation, before any login: the key of each host missing
 * from known_hosts is fetched (no authentication is attempted), its SHA256 fingerprint shown, and it
 * is remembered only when the user says yes. One question at a time, in host order. A changed key
 * is not asked about: the connection refuses it with its own message.
 */
export async function confirmNewHostKeys(
  topology: Topology,
  knownHostsFile: string,
  ask: (question: HostKeyQuestion) => Promise<boolean>,
): Promise<void> {
  const targets = topology.hosts
    .filter((host) => !runsLocally(topology, host))
    .map((host) => ({ host: host.name, ...sshEndpoint(topology, host) }));
  const keys = await Promise.all(targets.map((t) => scanHostKey(t.address, t.port, 5_000)));
  for (const [index, target] of targets.entries()) {
    const key = keys[index];
    if (!key) continue;
    if (checkHostKey(readKnownHosts(knownHostsFile), target.address, target.port, key) !== 'unknown')
      continue;
    if (await ask({ ...target, fingerprint: fingerprint(key), knownHostsFile }))
      rememberHostKey(knownHostsFile, target.address, target.port, key);
  }
}
