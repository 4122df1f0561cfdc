import { replicationDefaults } from './config-defaults.js';
import { deriveTopology } from './derive.js';
import { applyTemplateSettings, type TemplateSettings } from './template-settings.js';
import type { DeploymentMode, Topology, TopologyNode } from './topology.js';
import { topologyFormat } from './topology.js';

/**
 * Inputs of `ddb-setup template` (and the answers `ddb-setup wizard` takes as flags); every field but
 * mode and addresses has a documented default.
 */
export type TemplateOptions = {
  readonly mode: DeploymentMode;
  /** Intranet addresses, one per server, in order: P1, P2, … */
  readonly addresses: readonly string[];
  /** @default "ddb" */
  readonly name?: string;
  /** @default "2.00.11.3" (the version the official download examples use) */
  readonly version?: string;
  /** Data nodes per host. @default 1 (pseudo-ha on one host: 3, swarm: 2, as seeds 003 and 000) */
  readonly datanodes?: number;
  /** Compute nodes per host. @default 1 in ha (HA tutorial), else 0 */
  readonly computenodes?: number;
  /** Data nodes on each host, in host order, when hosts differ (`2,1,1`); overrides `datanodes`. */
  readonly hostDatanodes?: readonly number[];
  /** Compute nodes on each host, in host order; overrides `computenodes`. */
  readonly hostComputenodes?: readonly number[];
  /** Controllers. @default 3 for ha and pseudo-ha; swarm 3 with 3+ hosts, else 1; cluster 1 */
  readonly controllers?: number;
  /** First port. @default 8848 single, 8900 cluster and swarm, 8800 ha and pseudo-ha */
  readonly basePort?: number;
  readonly deployDir?: string;
  readonly sshUser?: string;
  readonly sshPort?: number;
  readonly identityFile?: string;
  readonly license?: string;
  readonly package?: string;
} & TemplateSettings;

/** A reason the options cannot make a topology, naming the option to change. */
export type TemplateProblem = { readonly option: string; readonly message: string };

export const defaultVersion = '2.00.11.3';

const defaultBasePort: Record<DeploymentMode, number> = {
  single: 8848,
  cluster: 8900,
  swarm: 8900,
  ha: 8800,
  'pseudo-ha': 8800,
};

/** Checks the options that decide the shape before any topology is built. */
export function checkTemplateOptions(options: TemplateOptions): TemplateProblem[] {
  const hosts = options.addresses.length;
  const problems: TemplateProblem[] = [];
  const controllers = controllerCount(options);
  if (hosts === 0)
    problems.push({ option: '--hosts', message: 'give at least one server address, e.g. --hosts 10.0.0.80' });
  if (options.mode === 'single' && hosts !== 1)
    problems.push({
      option: '--hosts',
      message: `mode single runs on one server; ${hosts} addresses were given`,
    });
  if (options.mode === 'pseudo-ha' && hosts > 2)
    problems.push({
      option: '--hosts',
      message: `pseudo-HA runs its controllers on one or two servers; with ${hosts} servers use --mode ha`,
    });
  if (options.mode === 'ha' && hosts < 3)
    problems.push({
      option: '--hosts',
      message: `mode ha puts each controller on its own server and needs 3 or more; with ${hosts} use --mode pseudo-ha`,
    });
  if (options.mode === 'cluster' && controllers !== 1)
    problems.push({ option: '--controllers', message: 'mode cluster has exactly one controller' });
  if (
    (options.mode === 'ha' ||
      options.mode === 'pseudo-ha' ||
      (options.mode === 'swarm' && controllers > 1)) &&
    (controllers < 3 || controllers % 2 === 0)
  ) {
    problems.push({
      option: '--controllers',
      message: `a Raft group needs an odd number of controllers, 3 or more (got ${controllers})`,
    });
  }
  if (options.mode === 'ha' && hosts >= 3 && controllers > hosts)
    problems.push({
      option: '--controllers',
      message: `mode ha needs a server per controller: ${controllers} controllers, ${hosts} server${hosts === 1 ? '' : 's'}`,
    });
  for (const [option, value] of [
    ['--datanodes', options.datanodes],
    ['--computenodes', options.computenodes],
  ] as const) {
    if (value !== undefined && (!Number.isInteger(value) || value < 0 || value > 64))
      problems.push({ option, message: 'give a whole number from 0 to 64' });
  }
  for (const [option, counts] of [
    ['--datanodes', options.hostDatanodes],
    ['--computenodes', options.hostComputenodes],
  ] as const) {
    if (counts === undefined) continue;
    if (counts.length !== hosts)
      problems.push({ option, message: `give one count per server: ${hosts} counts, not ${counts.length}` });
    else if (counts.some((count) => !Number.isInteger(count) || count < 0 || count > 64))
      problems.push({ option, message: 'give whole numbers from 0 to 64' });
  }
  const dataNodes = options.hostDatanodes
    ? options.hostDatanodes.reduce((sum, count) => sum + count, 0)
    : options.datanodes;
  if (options.mode !== 'single' && dataNodes === 0)
    problems.push({
      option: '--datanodes',
      message: 'a cluster stores its data on data nodes: give 1 or more',
    });
  if (
    options.basePort !== undefined &&
    (!Number.isInteger(options.basePort) || options.basePort < 1024 || options.basePort > 65000)
  ) {
    problems.push({ option: '--base-port', message: 'give a port from 1024 to 65000' });
  }
  if (new Set(options.addresses).size !== hosts)
    problems.push({ option: '--hosts', message: 'an address is listed twice; give each server once' });
  return problems;
}

/**
 * Builds the default topology for a mode, with the settings given; call `checkTemplateOptions`
 * first. Pure.
 */
export function templateTopology(options: TemplateOptions): Topology {
  return applyTemplateSettings(baseTopology(options), options);
}

function baseTopology(options: TemplateOptions): Topology {
  const version = options.version ?? defaultVersion;
  const hosts = options.addresses.map((address, index) => ({ name: `P${index + 1}`, address }));
  const nodes =
    options.mode === 'single'
      ? singleNodes(options)
      : clusterNodes(
          options,
          hosts.map((h) => h.name),
        );
  const ssh = compact({ user: options.sshUser, port: options.sshPort, identityFile: options.identityFile });
  const topology: Topology = {
    format: topologyFormat,
    name: options.name ?? 'ddb',
    mode: options.mode,
    server: compact({ version, package: options.package, license: options.license }) as Topology['server'],
    ...(options.deployDir === undefined ? {} : { deployDir: options.deployDir }),
    ...(Object.keys(ssh).length > 0 ? { ssh } : {}),
    hosts,
    nodes,
  };
  if (options.mode === 'single') return { ...topology, config: { single: {} } };
  const { factor, level } = replicationDefaults(deriveTopology(topology));
  const withConfig: Topology = {
    ...topology,
    config: {
      controller: { dfsReplicationFactor: factor, dfsReplicaReliabilityLevel: level },
      agent: {},
      cluster: {},
    },
  };
  if (options.mode !== 'swarm') return withConfig;
  return {
    ...withConfig,
    swarm: {
      manager: 'P1',
      image: `dolphindb/dolphindb:v${version}`,
      network: { name: 'ddb_overlay', subnet: '10.5.0.0/16' },
      dataDir: '/ddbdocker',
    },
  };
}

function controllerCount(options: TemplateOptions): number {
  if (options.controllers !== undefined) return options.controllers;
  if (options.mode === 'ha' || options.mode === 'pseudo-ha') return 3;
  if (options.mode === 'swarm') return options.addresses.length >= 3 ? 3 : 1;
  return 1;
}

function singleNodes(options: TemplateOptions): TopologyNode[] {
  const port = options.basePort ?? defaultBasePort.single;
  return [{ alias: `local${port}`, mode: 'single', host: 'P1', port }];
}

/**
 * Controllers are spread round-robin over the hosts (pseudo-HA on two servers: 1 and 3 on P1, as in
 * seed 003). Ports: per host, controllers from the base port, then the agent, data and compute nodes
 * (the HA tutorial's 8800–8803); swarm follows seed 000 (controllers 8901…, agents 8710, 8810, …).
 */
function clusterNodes(options: TemplateOptions, hostNames: readonly string[]): TopologyNode[] {
  const base = options.basePort ?? defaultBasePort[options.mode];
  const controllers = controllerCount(options);
  const perHostData =
    options.datanodes ??
    (options.mode === 'swarm' ? 2 : options.mode === 'pseudo-ha' && hostNames.length === 1 ? 3 : 1);
  const perHostCompute = options.computenodes ?? (options.mode === 'ha' ? 1 : 0);
  const nodes: TopologyNode[] = [];
  const nextPort = new Map<string, number>(hostNames.map((name) => [name, base]));
  const take = (host: string): number => {
    const port = nextPort.get(host) ?? base;
    nextPort.set(host, port + 1);
    return port;
  };
  for (let i = 0; i < controllers; i++) {
    const host = hostNames[i % hostNames.length] ?? 'P1';
    nodes.push({
      alias: `controller${i + 1}`,
      mode: 'controller',
      host,
      port: options.mode === 'swarm' ? base + i + 1 : take(host),
    });
  }
  if (options.mode === 'cluster') for (const host of hostNames.slice(1)) take(host);
  let dataIndex = 0;
  let computeIndex = 0;
  hostNames.forEach((host, index) => {
    const data = options.hostDatanodes?.[index] ?? perHostData;
    const compute = options.hostComputenodes?.[index] ?? perHostCompute;
    // An agent only starts data and compute nodes: a host with neither (a controller host) has none.
    if (data + compute === 0) return;
    if (options.mode === 'swarm') nextPort.set(host, base - 190 + 100 * index);
    nodes.push({ alias: `agent${index + 1}`, mode: 'agent', host, port: take(host) });
    for (let i = 0; i < data; i++)
      nodes.push({ alias: `datanode${++dataIndex}`, mode: 'datanode', host, port: take(host) });
    for (let i = 0; i < compute; i++)
      nodes.push({ alias: `computenode${++computeIndex}`, mode: 'computenode', host, port: take(host) });
  });
  return nodes;
}

function compact<T extends Record<string, unknown>>(record: T): Partial<T> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as Partial<T>;
}
