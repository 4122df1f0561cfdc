import { deriveTopology } from '../model/derive.js';
import { hostLayout } from '../model/layout.js';
import {
  clusterSettings,
  nodeSettings,
  numberSetting,
  singleSettings,
  type Setting,
} from '../model/settings.js';
import { containerName } from '../model/swarm-network.js';
import type { Topology, TopologyNode } from '../model/topology.js';

/** A port a process of the topology will listen on, and who it is for messages. */
export type PlannedPort = { readonly port: number; readonly alias: string; readonly index: number };

/** The memory cap of a data, compute or single node (`maxMemSize`, GB; 0 = unlimited). */
export type NodeMemory = { readonly alias: string; readonly maxMemSizeGB: number | undefined };

/** What one host must offer for its share of the topology: the input of its probe and its findings. */
export type HostExpectation = {
  readonly host: string;
  /** Intranet address the other hosts use to reach this one (`localSite`). */
  readonly address: string;
  readonly clusterDir: string;
  readonly serverDir: string;
  /** Where the transfer puts the package archive; absent in mode swarm (no package). */
  readonly packageArchive?: string;
  readonly ports: readonly PlannedPort[];
  /** Data volumes outside the cluster directory (`volumes=`): they must not hold someone's data. */
  readonly volumes: readonly { readonly alias: string; readonly path: string }[];
  readonly memory: readonly NodeMemory[];
  /** How the package is unpacked there. */
  readonly archive: 'zip' | 'tar';
  /** The host downloads the package itself (a URL source). */
  readonly downloads: boolean;
  /**
   * Ports other hosts must reach that are not DolphinDB's: the swarm's own (2377 on the manager,
   * 7946 on every node), held by dockerd once the swarm exists, so they are not port-checked.
   */
  readonly swarmPorts?: readonly PlannedPort[];
  /** Mode swarm: the processes run in containers of a Docker Swarm (no package, no unpacking). */
  readonly swarm?: {
    readonly manager: boolean;
    readonly network: string;
    readonly subnet: string;
    /** This deployment's containers on the host: ports they publish are its own, not a clash. */
    readonly containers: readonly string[];
  };
};

/** Package facts the checks need, known before anything is transferred. */
export type PackageFacts = {
  readonly kind: 'file' | 'url';
  readonly fileName: string;
  /** Bytes of the archive; undefined for a URL. */
  readonly bytes: number | undefined;
};

/** Expectations per host that runs at least one process, in host order. */
export function hostExpectations(topology: Topology, pkg: PackageFacts): HostExpectation[] {
  const derived = deriveTopology(topology);
  if (topology.swarm) return swarmExpectations(topology, topology.swarm, derived);
  const cluster = topology.mode === 'single' ? singleSettings(derived) : clusterSettings(derived);
  const indexed = topology.nodes.map((node, index) => ({ node, index }));
  return derived.usedHosts.map((name) => {
    const host = derived.hostsByName.get(name);
    const layout = hostLayout(topology, host);
    const own = indexed.filter(({ node }) => node.host === name);
    const workers = own.filter(({ node }) => holdsData(node));
    return {
      host: name,
      address: host?.address ?? name,
      clusterDir: layout.clusterDir,
      serverDir: layout.serverDir,
      packageArchive: layout.packageArchive(pkg.fileName),
      ...portsAndMemory(own, cluster),
      volumes: workers.flatMap(({ node }) =>
        (nodeSettings(cluster, node.alias).get('volumes') ?? '')
          .split(',')
          .map((path) => path.trim())
          .filter((path) => path !== '' && !isInside(path, layout.clusterDir))
          .map((path) => ({ alias: node.alias, path })),
      ),
      archive: /\.(tar\.gz|tgz)$/i.test(pkg.fileName) ? 'tar' : 'zip',
      downloads: pkg.kind === 'url',
    };
  });
}

type Indexed = { readonly node: TopologyNode; readonly index: number };

/** A host's process ports, and the memory caps of those that keep data (their effective maxMemSize). */
function portsAndMemory(
  own: readonly Indexed[],
  settings: readonly Setting[],
): Pick<HostExpectation, 'ports' | 'memory'> {
  return {
    ports: own.map(({ node, index }) => ({ port: node.port, alias: node.alias, index })),
    memory: own
      .filter(({ node }) => holdsData(node))
      .map(({ node }) => ({
        alias: node.alias,
        maxMemSizeGB: numberSetting(nodeSettings(settings, node.alias), 'maxMemSize'),
      })),
  };
}

/** The processes that keep data and take memory: data, compute and single nodes. */
function holdsData(node: TopologyNode): boolean {
  return node.mode === 'datanode' || node.mode === 'computenode' || node.mode === 'single';
}

function isInside(path: string, dir: string): boolean {
  return path === dir || path.startsWith(`${dir}/`);
}

/**
 * Mode swarm (seed 000): each host keeps `swarm.dataDir` (configs, data, logs bind-mounted into the
 * containers) and publishes its nodes' ports (`mode: host`); the manager runs `swarm init`.
 */
function swarmExpectations(
  topology: Topology,
  swarm: NonNullable<Topology['swarm']>,
  derived: ReturnType<typeof deriveTopology>,
): HostExpectation[] {
  const dataDir = swarm.dataDir.replace(/(.)\/+$/, '$1');
  const cluster = clusterSettings(derived);
  const names = derived.usedHosts.includes(swarm.manager)
    ? derived.usedHosts
    : [swarm.manager, ...derived.usedHosts];
  const indexed = topology.nodes.map((node, index) => ({ node, index }));
  return names.map((name) => {
    const own = indexed.filter(({ node }) => node.host === name);
    return {
      host: name,
      address: derived.hostsByName.get(name)?.address ?? name,
      clusterDir: dataDir,
      serverDir: dataDir,
      ...portsAndMemory(own, cluster),
      volumes: [],
      archive: 'zip',
      downloads: false,
      swarmPorts: [
        ...(name === swarm.manager ? [{ port: 2377, alias: 'swarm management', index: -1 }] : []),
        { port: 7946, alias: 'swarm gossip', index: -1 },
      ],
      swarm: {
        manager: name === swarm.manager,
        network: swarm.network.name,
        subnet: swarm.network.subnet,
        containers: own
          .filter(({ node }) => node.mode === 'controller' || node.mode === 'agent')
          .map(({ node }) => containerName(topology.name, node.alias)),
      },
    };
  });
}
