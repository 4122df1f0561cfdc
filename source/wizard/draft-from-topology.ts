import { templateTopology } from '../model/template-topology.js';
import type { ConfigSectionName, ConfigValue, Topology } from '../model/topology.js';
import { templateTwins } from './kept-rows.js';
import { countsPerHost, formatHostCounts } from './layout-counts.js';
import type { HostDraft, LayoutDraft, OptionsDraft, PackageKind } from './wizard-model.js';

/** The answers an opened topology corresponds to (fields the wizard models). */
export type DraftFields = {
  readonly mode: Topology['mode'];
  readonly hosts: readonly HostDraft[];
  readonly nextHostId: number;
  readonly layout: LayoutDraft;
  readonly options: OptionsDraft;
};

/** Keys the Options screen models, per section; every other key is kept verbatim in `extraConfig`. */
const modelled: Record<ConfigSectionName, readonly string[]> = {
  controller: ['dfsReplicationFactor', 'dfsReplicaReliabilityLevel', 'lanCluster'],
  agent: ['lanCluster'],
  cluster: ['maxMemSize', 'workerNum', 'lanCluster'],
  single: ['maxMemSize', 'workerNum', 'lanCluster'],
};

/**
 * Turns a topology file into wizard answers, so Esc from Preview lands on filled-in screens. The
 * opened file itself is deployed exactly as written until an answer changes; after that its node
 * rows are kept as they are (`layout.kept`) until the layout itself is edited, and the Layout
 * answers (counts per host, aliases, ports) are set to rebuild the same rows where the template
 * can place them, so a layout edit changes only what was edited.
 */
export function draftFromTopology(topology: Topology): DraftFields {
  const hosts = topology.hosts.map((host, index): HostDraft => ({
    id: index + 1,
    address: host.address,
    sshAddress: host.ssh?.address ?? '',
    user: host.ssh?.user ?? topology.ssh?.user ?? '',
    port: String(host.ssh?.port ?? topology.ssh?.port ?? ''),
    auth: (host.ssh?.identityFile ?? topology.ssh?.identityFile) !== undefined ? 'key' : 'agent',
    identityFile: host.ssh?.identityFile ?? topology.ssh?.identityFile ?? '',
    password: '',
    deployDir: host.deployDir ?? '',
  }));
  const controllers = topology.nodes.filter((node) => node.mode === 'controller').length;
  const config = topology.config ?? {};
  const main = topology.mode === 'single' ? config.single : config.cluster;
  const pkg = topology.server.package;
  const packageKind: PackageKind =
    pkg === undefined ? 'official' : /^https?:\/\//i.test(pkg) ? 'url' : 'file';
  return {
    mode: topology.mode,
    hosts,
    nextHostId: hosts.length + 1,
    layout: layoutOf(topology, controllers),
    options: {
      name: topology.name,
      version: topology.server.version,
      packageKind,
      packageValue: pkg ?? '',
      license: topology.server.license ?? '',
      replicationFactor: show(config.controller?.['dfsReplicationFactor']),
      reliabilityLevel: show(config.controller?.['dfsReplicaReliabilityLevel']),
      maxMemSize: show(main?.['maxMemSize']),
      workerNum: show(main?.['workerNum']),
      deployDir: topology.deployDir ?? '',
      volumes: {},
      publicNames: {},
      lanCluster: Object.values(config).some((section) => String(section?.['lanCluster']) === '1'),
      extraConfig: extraConfig(topology),
      swarmImage: topology.swarm?.image ?? '',
      imageArchive: topology.swarm?.imageArchive ?? '',
      extraSwarm: topology.swarm
        ? {
            network: topology.swarm.network,
            dataDir: topology.swarm.dataDir,
            ...(topology.swarm.ipRange !== undefined ? { ipRange: topology.swarm.ipRange } : {}),
          }
        : undefined,
    },
  };
}

/** Counts per host, and every alias and port the template would give differently, as overrides. */
function layoutOf(topology: Topology, controllers: number): LayoutDraft {
  const single = topology.mode === 'single';
  const datanodes = countsPerHost(topology, 'datanode');
  const computenodes = countsPerHost(topology, 'computenode');
  const basePort = Math.min(...topology.nodes.map((node) => node.port));
  const template = templateTopology({
    mode: topology.mode,
    addresses: topology.hosts.map((host) => host.address),
    ...(single ? {} : { hostDatanodes: datanodes, hostComputenodes: computenodes, controllers }),
    ...(Number.isFinite(basePort) ? { basePort } : {}),
  });
  const aliases: Record<string, string> = {};
  const ports: Record<string, string> = {};
  templateTwins(topology, template).forEach((twin, index) => {
    const node = topology.nodes[index];
    if (!twin || !node) return;
    if (node.alias !== twin.alias) aliases[twin.alias] = node.alias;
    if (node.port !== twin.port) ports[twin.alias] = String(node.port);
  });
  return {
    datanodes: single ? '' : formatHostCounts(datanodes),
    computenodes: single ? '' : formatHostCounts(computenodes),
    controllers: controllers > 0 ? String(controllers) : '',
    basePort: Number.isFinite(basePort) ? String(basePort) : '',
    aliases,
    ports,
    kept: { hostNames: topology.hosts.map((host) => host.name), nodes: topology.nodes },
  };
}

function show(value: ConfigValue | undefined): string {
  return value === undefined || value === null ? '' : String(value);
}

function extraConfig(topology: Topology): Topology['config'] {
  const extra: Record<string, Record<string, ConfigValue>> = {};
  for (const [section, values] of Object.entries(topology.config ?? {})) {
    const kept = Object.entries(values ?? {}).filter(
      ([key]) => !modelled[section as ConfigSectionName].includes(key),
    );
    if (kept.length > 0) extra[section] = Object.fromEntries(kept);
  }
  return Object.keys(extra).length > 0 ? extra : undefined;
}
