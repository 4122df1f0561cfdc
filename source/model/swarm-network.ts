import type { Derived } from './derive.js';
import { formatIpv4, inSubnet, parseIpv4, parseSubnet } from './ipv4.js';
import type { TopologyNode } from './topology.js';

/** One container of a swarm deployment: a controller, or an agent with its host's data/compute nodes. */
export type Container = {
  readonly name: string;
  readonly host: string;
  /** The controller or agent that is the container's main process. */
  readonly main: TopologyNode;
  /** Data and compute nodes the agent starts inside the same container (seed 000). */
  readonly workers: readonly TopologyNode[];
  readonly ip: string | undefined;
};

/** Container name: `<cluster>_<alias>`, as seed 000's `ddb_controller1`. */
export function containerName(cluster: string, alias: string): string {
  return `${cluster}_${alias}`;
}

/**
 * Containers with their overlay addresses. Pinned `ip:` values are kept; the rest are handed out in
 * node order from the subnet's second address (`.1` is Docker's gateway), controllers first, then
 * agents, skipping pinned ones: seed 000's 10.5.0.2–10.5.0.7. `ip` is undefined when the subnet is
 * invalid or exhausted (validators report both).
 */
export function swarmContainers(derived: Derived): Container[] {
  const { topology } = derived;
  const subnet = parseSubnet(topology.swarm?.network.subnet ?? '');
  const pinned = new Set(
    [...derived.controllers, ...derived.agents]
      .map((node) => node.ip)
      .filter((ip): ip is string => ip !== undefined),
  );
  let next = subnet ? subnet.base + 2 : undefined;
  const allocate = (node: TopologyNode): string | undefined => {
    if (node.ip !== undefined) return node.ip;
    if (!subnet || next === undefined) return undefined;
    while (inSubnet(subnet, next) && pinned.has(formatIpv4(next))) next++;
    // The last address is the broadcast address: never hand it out.
    if (next >= subnet.base + subnet.size - 1) return undefined;
    return formatIpv4(next++);
  };
  const containers: Container[] = [];
  for (const node of [...derived.controllers, ...derived.agents]) {
    const workers = node.mode === 'agent' ? derived.workers.filter((w) => w.host === node.host) : [];
    containers.push({
      name: containerName(topology.name, node.alias),
      host: node.host,
      main: node,
      workers,
      ip: allocate(node),
    });
  }
  return containers;
}

/** The container that runs a node (its own, or its host's agent container). */
export function containerOf(containers: readonly Container[], node: TopologyNode): Container | undefined {
  return containers.find((c) => c.main === node || c.workers.includes(node));
}

/** True when the text is an IPv4 address inside the subnet text. */
export function addressInSubnet(subnetText: string, address: string): boolean {
  const subnet = parseSubnet(subnetText);
  const value = parseIpv4(address);
  return subnet !== undefined && value !== undefined && inSubnet(subnet, value);
}
