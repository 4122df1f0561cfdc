import type { Derived } from '../../model/derive.js';
import type { TopologyNode } from '../../model/topology.js';

/**
 * The downtime of stopping everything and starting it again, as an estimate: the official stop
 * waits for each process to exit and the start waits for a leader (facts §12.3).
 */
export function wholeClusterStop(derived: Derived): string {
  const seconds = 30 + 5 * derived.topology.nodes.length;
  return `stops the whole cluster for about ${seconds} s (all ${derived.topology.nodes.length} processes stopped and started again)`;
}

export function aliases(nodes: readonly TopologyNode[]): string {
  return nodes.map((node) => node.alias).join(', ');
}
