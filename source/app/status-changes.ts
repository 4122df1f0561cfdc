import type { ClusterStatus } from './cluster-status.js';

/**
 * What differs between two rounds of `status --watch`, one short phrase each, in the topology's
 * order: a node whose state changed (`datanode3 up → down`), a host lost or reached again, the
 * leader changed. Pure, so the watch's header is tested without a cluster.
 */
export function statusChanges(before: ClusterStatus, after: ClusterStatus): string[] {
  const changes: string[] = [];
  const lostBefore = new Set(before.unreachable.map((u) => u.host));
  const lostNow = new Set(after.unreachable.map((u) => u.host));
  // Hosts first: a lost host explains the nodes of it that turned unknown just after.
  for (const { host } of after.unreachable) if (!lostBefore.has(host)) changes.push(`${host} not reached`);
  for (const host of lostBefore) if (!lostNow.has(host)) changes.push(`${host} reached again`);
  const stateBefore = new Map(before.nodes.map((node) => [node.alias, node.state]));
  for (const node of after.nodes) {
    const was = stateBefore.get(node.alias);
    if (was !== undefined && was !== node.state) changes.push(`${node.alias} ${was} → ${node.state}`);
  }
  if (before.leader !== after.leader)
    changes.push(`leader ${before.leader ?? 'none'} → ${after.leader ?? 'none'}`);
  return changes;
}
