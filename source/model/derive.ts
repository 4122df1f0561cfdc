import { defaultDeployDir, type Topology, type TopologyHost, type TopologyNode } from './topology.js';

/**
 * Facts derived from a shape-valid topology that validators, defaults and rendering share.
 * Pure and cheap: built once per validation or render.
 */
export type Derived = {
  readonly topology: Topology;
  readonly hostsByName: ReadonlyMap<string, TopologyHost>;
  readonly controllers: readonly TopologyNode[];
  readonly agents: readonly TopologyNode[];
  /** Data and compute nodes: the processes an agent starts and cluster.cfg configures. */
  readonly workers: readonly TopologyNode[];
  readonly dataNodes: readonly TopologyNode[];
  readonly computeNodes: readonly TopologyNode[];
  /** True when the controllers form a Raft group (`dfsHAMode=Raft`). */
  readonly raft: boolean;
  /** Names of hosts that run at least one node, in host order. */
  readonly usedHosts: readonly string[];
};

/** Builds the derived facts. Nodes naming an unknown host are kept; validators report them. */
export function deriveTopology(topology: Topology): Derived {
  const hostsByName = new Map<string, TopologyHost>();
  for (const host of topology.hosts) if (!hostsByName.has(host.name)) hostsByName.set(host.name, host);
  const byMode = (mode: TopologyNode['mode']) => topology.nodes.filter((node) => node.mode === mode);
  const controllers = byMode('controller');
  const dataNodes = byMode('datanode');
  const computeNodes = byMode('computenode');
  const used = new Set(topology.nodes.map((node) => node.host));
  return {
    topology,
    hostsByName,
    controllers,
    agents: byMode('agent'),
    workers: topology.nodes.filter((node) => node.mode === 'datanode' || node.mode === 'computenode'),
    dataNodes,
    computeNodes,
    raft: isRaftMode(topology.mode, controllers.length),
    usedHosts: topology.hosts.map((host) => host.name).filter((name) => used.has(name)),
  };
}

/** Raft for pseudo-ha and ha always, and for swarm with more than one controller. */
export function isRaftMode(mode: Topology['mode'], controllerCount: number): boolean {
  return mode === 'pseudo-ha' || mode === 'ha' || (mode === 'swarm' && controllerCount > 1);
}

/** The deploy directory in force on a host (its override, the file's, or the default). */
export function deployDirOf(topology: Topology, host: TopologyHost | undefined): string {
  return host?.deployDir ?? topology.deployDir ?? defaultDeployDir;
}

/** Hosts that run data or compute nodes, each once, in node order. */
export function workerHosts(derived: Derived): string[] {
  return [...new Set(derived.workers.map((node) => node.host))];
}

/** Nodes grouped by host name, keeping node order within a host. */
export function nodesByHost(nodes: readonly TopologyNode[]): Map<string, TopologyNode[]> {
  const groups = new Map<string, TopologyNode[]>();
  for (const node of nodes) {
    const group = groups.get(node.host) ?? [];
    group.push(node);
    groups.set(node.host, group);
  }
  return groups;
}
