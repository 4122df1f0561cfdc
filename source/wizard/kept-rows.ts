import type { Topology, TopologyNode } from '../model/topology.js';

/**
 * The node rows of an opened file and the names of its hosts. The wizard writes them exactly as
 * they are while other answers change (the user reviewed these rows); editing the layout itself,
 * or adding or removing a host, drops them and the rows are rebuilt from the Layout answers.
 */
export type KeptRows = {
  readonly hostNames: readonly string[];
  readonly nodes: readonly TopologyNode[];
};

type Rows = Pick<Topology, 'hosts' | 'nodes'>;

/**
 * Each row's twin among the template's rows: the same mode on the same host (by the host's place
 * in the list, so names may differ), and the same rank among those — the second data node on P1
 * pairs with the template's second data node on P1. Rows without a twin get undefined.
 */
export function templateTwins(rows: Rows, template: Rows): (TopologyNode | undefined)[] {
  const key = (of: Rows, node: TopologyNode, rank: number) =>
    `${of.hosts.findIndex((host) => host.name === node.host)}:${node.mode}:${rank}`;
  const ranked = (of: Rows) => {
    const seen = new Map<string, number>();
    return of.nodes.map((node) => {
      const group = key(of, node, 0);
      const rank = seen.get(group) ?? 0;
      seen.set(group, rank + 1);
      return key(of, node, rank);
    });
  };
  const templateKeys = ranked(template);
  const byKey = new Map(templateKeys.map((k, index) => [k, template.nodes[index]]));
  return ranked(rows).map((k) => byKey.get(k));
}

/** The template names hosts P1, P2, …; an opened file's own names stay with its rows. */
export function withHostNames(base: Topology, names: readonly string[]): Topology {
  const renamed = new Map(base.hosts.map((host, index) => [host.name, names[index] ?? host.name]));
  const rename = (name: string) => renamed.get(name) ?? name;
  return {
    ...base,
    hosts: base.hosts.map((host) => ({ ...host, name: rename(host.name) })),
    nodes: base.nodes.map((node) => ({ ...node, host: rename(node.host) })),
    ...(base.swarm ? { swarm: { ...base.swarm, manager: rename(base.swarm.manager) } } : {}),
  };
}
