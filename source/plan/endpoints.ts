import { deriveTopology, type Derived } from '../model/derive.js';
import { buildSiteBook } from '../model/sites.js';
import type { Topology, TopologyNode } from '../model/topology.js';
import type { NodeEndpoint } from './plan.js';

/** The derived topology and a way to name each node's API endpoint. */
export type Endpoints = {
  readonly derived: Derived;
  readonly endpoint: (node: TopologyNode) => NodeEndpoint;
};

/** Endpoints at each node's `localSite` address. */
export function endpointsOf(topology: Topology): Endpoints {
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

/**
 * Endpoints of containerised nodes (mode swarm): the port each container publishes on its host's
 * address, as the overlay addresses in `localSite` are reachable only from other containers.
 */
export function publishedEndpointsOf(topology: Topology): Endpoints {
  const derived = deriveTopology(topology);
  return {
    derived,
    endpoint: (node) => ({
      alias: node.alias,
      host: node.host,
      address: derived.hostsByName.get(node.host)?.address ?? node.host,
      port: node.port,
    }),
  };
}
