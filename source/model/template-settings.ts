import type { ConfigValue, Topology } from './topology.js';

/**
 * The Options screen's answers as `template` takes them (flags `--replication-factor`,
 * `--max-mem-size`, …): each one a config key of the file the wizard would write for it.
 */
export type TemplateSettings = {
  /** dfsReplicationFactor. @default 2 with Raft or 2+ data nodes, else 1 (replicationDefaults) */
  readonly replicationFactor?: number;
  /** dfsReplicaReliabilityLevel: 0, 1 or 2. @default as replicationDefaults */
  readonly reliabilityLevel?: number;
  /** maxMemSize in GB (a whole number, or text such as `1.5`, written as given). @default the mode's */
  readonly maxMemSize?: ConfigValue;
  /** workerNum. @default the mode's (4) */
  readonly workerNum?: number;
  /** lanCluster=1 (UDP heartbeats) in every file. @default false */
  readonly lanCluster?: boolean;
  /** `volumes` per data node (the single node in mode single), keyed by the template's alias. */
  readonly volumes?: Readonly<Record<string, string>>;
  /** `publicName` per host, keyed by host name (P1, P2, …). */
  readonly publicNames?: Readonly<Record<string, string>>;
  /** Mode swarm: the server image. @default the official image of the version */
  readonly image?: string;
  /** Mode swarm: a `docker save` archive sent to hosts without the image. */
  readonly imageArchive?: string;
};

/**
 * Writes the settings into a template's config, key by key in the order the wizard writes the same
 * answers (wizard-topology.ts `buildConfig`), so the file from flags and the file from the screens
 * are the same. Pure.
 */
export function applyTemplateSettings(topology: Topology, settings: TemplateSettings): Topology {
  const single = topology.mode === 'single';
  const config = {
    ...(single
      ? {}
      : { controller: { ...topology.config?.controller }, agent: { ...topology.config?.agent } }),
    ...(single ? { single: { ...topology.config?.single } } : { cluster: { ...topology.config?.cluster } }),
  } as Record<'controller' | 'agent' | 'cluster' | 'single', Record<string, ConfigValue> | undefined>;
  const put = (section: keyof typeof config, key: string, value: ConfigValue | undefined) => {
    const target = config[section];
    if (target && value !== undefined) target[key] = value;
  };
  const main = single ? 'single' : 'cluster';
  put('controller', 'dfsReplicationFactor', settings.replicationFactor);
  put('controller', 'dfsReplicaReliabilityLevel', settings.reliabilityLevel);
  put(main, 'maxMemSize', settings.maxMemSize);
  put(main, 'workerNum', settings.workerNum);
  if (settings.lanCluster)
    for (const section of ['controller', 'agent', main] as const) put(section, 'lanCluster', 1);
  const controllers = topology.nodes.filter((node) => node.mode === 'controller').length;
  for (const node of topology.nodes) {
    const volumes = settings.volumes?.[node.alias];
    if (volumes !== undefined && node.mode === 'single') put('single', 'volumes', volumes);
    else if (volumes !== undefined && node.mode === 'datanode')
      put('cluster', `${node.alias}.volumes`, volumes);
    const publicName = settings.publicNames?.[node.host];
    if (publicName === undefined) continue;
    if (node.mode === 'single') put('single', 'publicName', publicName);
    else if (node.mode === 'datanode' || node.mode === 'computenode')
      put('cluster', `${node.alias}.publicName`, publicName);
    // controller.cfg is shared by every controller: a public name fits it only when there is one.
    else if (node.mode === 'controller' && controllers === 1) put('controller', 'publicName', publicName);
  }
  const swarm = topology.swarm && {
    ...topology.swarm,
    ...(settings.image !== undefined ? { image: settings.image } : {}),
    ...(settings.imageArchive !== undefined ? { imageArchive: settings.imageArchive } : {}),
  };
  return {
    ...topology,
    config: Object.fromEntries(Object.entries(config).filter(([, value]) => value !== undefined)),
    ...(swarm ? { swarm } : {}),
  };
}

/** The aliases `volumes` answers are keyed by: every data node, or the single node. */
export function volumeAliases(topology: Pick<Topology, 'nodes'>): string[] {
  return topology.nodes
    .filter((node) => node.mode === 'datanode' || node.mode === 'single')
    .map((n) => n.alias);
}

/** A reason a setting does not fit the layout, naming the option to change. */
export type SettingProblem = { readonly option: string; readonly message: string };

/** Settings that name a data node or a host the layout does not have. Pure. */
export function checkTemplateSettings(topology: Topology, settings: TemplateSettings): SettingProblem[] {
  const problems: SettingProblem[] = [];
  const aliases = volumeAliases(topology);
  for (const alias of Object.keys(settings.volumes ?? {}))
    if (!aliases.includes(alias))
      problems.push({
        option: '--volumes',
        message: `${alias} is not a data node of this layout; the data nodes are ${aliases.join(', ') || 'none'} (e.g. --volumes ${aliases[0] ?? 'datanode1'}=/ssd1/${aliases[0] ?? 'datanode1'})`,
      });
  const hosts = topology.hosts.map((host) => host.name);
  for (const host of Object.keys(settings.publicNames ?? {}))
    if (!hosts.includes(host))
      problems.push({
        option: '--public-name',
        message: `${host} is not a server of this layout; name one of ${hosts.join(', ')} or its address (e.g. --public-name ${hosts[0] ?? 'P1'}=ddb1.example.com)`,
      });
  return problems;
}
