import type { Topology, TopologyNode } from '../model/topology.js';

/** What the Results screen says, computed from the deployed topology. Pure. */
export type ResultsText = {
  /** Web console addresses, the leader first, each with its role. */
  readonly consoles: readonly { readonly url: string; readonly note: string }[];
  /** Every data node site, for a client's high-availability connection (seed 001 §4). */
  readonly sites: readonly string[];
  /** A client connection line to paste (Python API). */
  readonly connectLine: string;
  /** Whether that line connects with high availability (not to a single node, which has none). */
  readonly highAvailability: boolean;
  /** The next commands, with the topology file filled in. */
  readonly commands: readonly { readonly command: string; readonly what: string }[];
};

/** `addr:port` of a node: the host's public name when one is set for web use, else its address. */
function siteOf(
  topology: Topology,
  node: TopologyNode,
  publicNames: Readonly<Record<string, string>>,
): string {
  const host = topology.hosts.find((h) => h.name === node.host);
  return `${publicNames[node.host]?.trim() || host?.address || node.host}:${node.port}`;
}

/** The results of a deployment: where the cluster answers, how clients connect, what to run next. */
export function resultsText(
  topology: Topology,
  options: {
    readonly leader: string | undefined;
    readonly file: string;
    readonly publicNames?: Readonly<Record<string, string>>;
  },
): ResultsText {
  const publicNames = options.publicNames ?? {};
  const controllers = topology.nodes.filter((node) => node.mode === 'controller' || node.mode === 'single');
  const ordered = [...controllers].sort(
    (a, b) => Number(b.alias === options.leader) - Number(a.alias === options.leader),
  );
  const consoles = ordered.map((node) => ({
    url: `http://${siteOf(topology, node, publicNames)}`,
    note:
      node.mode === 'single'
        ? 'the node'
        : node.alias === options.leader
          ? `${node.alias}, leader`
          : ordered.length > 1
            ? `${node.alias}, follower (redirects to the leader)`
            : node.alias,
  }));
  const dataNodes = topology.nodes.filter((node) => node.mode === 'datanode' || node.mode === 'single');
  const sites = dataNodes.map((node) => siteOf(topology, node, {}));
  const first = dataNodes[0];
  const [host, port] = (first ? siteOf(topology, first, {}) : 'localhost:8848').split(':');
  const connectLine =
    topology.mode === 'single'
      ? `s.connect("${host}", ${port}, "admin", "<password>")`
      : `s.connect("${host}", ${port}, "admin", "<password>", highAvailability=True, highAvailabilitySites=[${sites.map((site) => `"${site}"`).join(', ')}])`;
  const file = /\s/.test(options.file) ? JSON.stringify(options.file) : options.file;
  return {
    consoles,
    sites,
    connectLine,
    highAvailability: topology.mode !== 'single',
    commands: [
      { command: `ddb-setup status -f ${file}`, what: 'every node and the leader' },
      { command: `ddb-setup stop -f ${file}`, what: 'stop gracefully (start to start again)' },
      {
        command: `ddb-setup deploy -f ${file}`,
        what: 'repair: re-checks everything, changes only what differs',
      },
      {
        command: supportCommand(file),
        what: 'a support bundle: logs, configs, diagnoses; secrets removed',
      },
    ],
  };
}

/** The command that collects a support bundle (`collect`), offered on Results and on a failure. */
export function supportCommand(file: string): string {
  return `ddb-setup collect -f ${/\s/.test(file) && !file.startsWith('"') ? JSON.stringify(file) : file}`;
}
