import { deriveTopology, type Derived } from '../model/derive.js';
import { buildSiteBook } from '../model/sites.js';
import type { Topology, TopologyNode } from '../model/topology.js';
import type { NodeEndpoint } from './plan.js';

/** The derived topology and a way to name each node's API endpoint (its `localSite` address). */
export function endpointsOf(topology: Topology): {
  derived: Derived;
  endpoint: (node: TopologyNode) => NodeEndpoint;
} {
  const derived = deriveTopology(topology);
  const book = buildSiteBook(derived);
  return {
    derived,
    endpoint: (node) => ({
      alias: node.alias,
      host: node.host,
      address: book.address(node),
      port: node.port,
    }),
  };
}
