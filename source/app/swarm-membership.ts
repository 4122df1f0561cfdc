import type { Executor } from '../deploy/executor.js';
import type { Topology } from '../model/topology.js';
import { nodeListScript } from '../remote/docker-scripts.js';

/** One host of the swarm as the manager's `docker node ls` reports it (seed 004 §2). */
export type SwarmMember = {
  /** The topology's host name, or the node's own hostname when no host has its address. */
  readonly host: string;
  /** `ready`, `down`, `unknown`, `disconnected`. */
  readonly state: string;
  /** `active`, `pause`, `drain`. */
  readonly availability: string;
  /** `leader`, `reachable`, `unreachable` for managers; `worker` otherwise. */
  readonly manager: string;
};

/**
 * The swarm's members as its manager sees them, or the reason they could not be asked (the manager
 * down or not managing a swarm). Read-only.
 */
export async function swarmMembership(
  topology: Topology,
  executors: ReadonlyMap<string, Executor>,
  signal: AbortSignal,
): Promise<{ members: SwarmMember[] } | { problem: string }> {
  const manager = topology.swarm?.manager ?? '';
  const executor = executors.get(manager);
  if (!executor) return { problem: `no connection to the manager ${manager}` };
  let listed;
  try {
    listed = await executor.exec(nodeListScript(), { signal, timeoutMs: 10_000 });
  } catch (error) {
    return { problem: `the manager ${manager} does not answer (${(error as Error).message})` };
  }
  if (listed.code !== 0)
    return { problem: `docker node ls on ${manager}: ${listed.stderr.trim().split('\n').pop() ?? 'failed'}` };
  const hostOf = (address: string) => topology.hosts.find((host) => host.address === address)?.name;
  const members = listed.stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line): SwarmMember => {
      const [addr = '', managerAddr = '-', state = '', availability = '', role = '', hostname = ''] =
        line.split(' ');
      const address = addr === '0.0.0.0' && managerAddr !== '-' ? managerAddr.replace(/:\d+$/, '') : addr;
      return { host: hostOf(address) ?? hostname, state, availability, manager: role };
    });
  const order = (name: string) => {
    const index = topology.hosts.findIndex((host) => host.name === name);
    return index < 0 ? topology.hosts.length : index;
  };
  return { members: members.sort((a, b) => order(a.host) - order(b.host)) };
}
