import type { ConfigSectionName, ConfigValue, Topology } from '../model/topology.js';
import type { HostDraft, LayoutDraft, OptionsDraft, PackageKind } from './wizard-state.js';

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
 * opened file itself is deployed exactly as written until an answer changes; a layout that is not
 * one count per host becomes the nearest counts when edited.
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
  }));
  const perHost = (mode: string) =>
    Math.max(
      0,
      ...topology.hosts.map((h) => topology.nodes.filter((n) => n.host === h.name && n.mode === mode).length),
    );
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
    layout: {
      datanodes: topology.mode === 'single' ? '' : String(perHost('datanode')),
      computenodes: topology.mode === 'single' ? '' : String(perHost('computenode')),
      controllers: controllers > 0 ? String(controllers) : '',
      basePort: String(Math.min(...topology.nodes.map((node) => node.port))),
      aliases: {},
      ports: {},
    },
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
    },
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
