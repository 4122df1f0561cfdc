import type { Derived } from './derive.js';
import { containerOf, swarmContainers, type Container } from './swarm-network.js';
import type { TopologyNode } from './topology.js';

/**
 * Addresses the cluster uses for each node: the host's intranet address, or in swarm mode the
 * overlay address of the container the node runs in (seed 000).
 */
export type SiteBook = {
  readonly containers: readonly Container[];
  /** `address:port:alias`, DolphinDB's `localSite` format (facts §2.3). */
  readonly localSite: (node: TopologyNode) => string;
  readonly address: (node: TopologyNode) => string;
};

/** Builds the site book for a topology. */
export function buildSiteBook(derived: Derived): SiteBook {
  const containers = derived.topology.mode === 'swarm' ? swarmContainers(derived) : [];
  const address = (node: TopologyNode): string => {
    if (derived.topology.mode === 'swarm') return containerOf(containers, node)?.ip ?? '0.0.0.0';
    return derived.hostsByName.get(node.host)?.address ?? node.host;
  };
  return { containers, address, localSite: (node) => `${address(node)}:${node.port}:${node.alias}` };
}

/** The agent's `sites` value: the agent first, then every controller (`ip:port:alias:mode`, seed 001 §3). */
export function agentSites(
  book: SiteBook,
  agent: TopologyNode,
  controllers: readonly TopologyNode[],
): string {
  return [agent, ...controllers].map((node) => `${book.localSite(node)}:${node.mode}`).join(',');
}
