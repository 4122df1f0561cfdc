import type { Derived } from './derive.js';
import { formatIpv4, inSubnet, parseIpv4, parseSubnet } from './ipv4.js';
import type { SwarmSection, TopologyNode } from './topology.js';
import type { Subnet } from './ipv4.js';

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
 * The block of the overlay subnet that Docker allocates its own addresses from (each host's
 * endpoint on the network): `swarm.ipRange`, else the subnet's last /24, or its upper half when
 * the subnet is a /24 or smaller. Fixed container addresses stay outside it: without a range
 * Docker hands the endpoints the next free addresses, which collide with them (test-hosts §3e).
 * Undefined when the subnet or the range is not a valid CIDR.
 */
export function overlayIpRange(swarm: Pick<SwarmSection, 'network' | 'ipRange'>): Subnet | undefined {
  if (swarm.ipRange !== undefined) return parseCidr(swarm.ipRange);
  const subnet = parseSubnet(swarm.network.subnet);
  if (!subnet) return undefined;
  const prefix = Math.max(24, subnet.prefix + 1);
  const size = 2 ** (32 - prefix);
  return { base: subnet.base + subnet.size - size, prefix, size };
}

/** The range as Docker's `--ip-range` takes it. */
export function formatCidr(range: Subnet): string {
  return `${formatIpv4(range.base)}/${range.prefix}`;
}

/** `a.b.c.d/n` with the address at the start of its block, any prefix from /8 to /32. */
function parseCidr(text: string): Subnet | undefined {
  const match = /^([\d.]+)\/(\d{1,2})$/.exec(text);
  const base = match ? parseIpv4(match[1] ?? '') : undefined;
  const prefix = Number(match?.[2]);
  if (base === undefined || !(prefix >= 8 && prefix <= 32)) return undefined;
  const size = 2 ** (32 - prefix);
  return base % size === 0 ? { base, prefix, size } : undefined;
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
  const range = topology.swarm ? overlayIpRange(topology.swarm) : undefined;
  const docker = (value: number) => range !== undefined && inSubnet(range, value);
  let next = subnet ? subnet.base + 2 : undefined;
  const allocate = (node: TopologyNode): string | undefined => {
    if (node.ip !== undefined) return node.ip;
    if (!subnet || next === undefined) return undefined;
    while (inSubnet(subnet, next) && (pinned.has(formatIpv4(next)) || docker(next))) next++;
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
