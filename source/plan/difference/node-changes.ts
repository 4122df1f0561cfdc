import type { Derived } from '../../model/derive.js';
import type { TopologyNode } from '../../model/topology.js';
import type { Change } from './change.js';
import { applicableOf, type Applicable } from './applicable.js';
import { wholeClusterStop } from './downtime.js';

/**
 * Nodes added, removed or moved (same alias, another host, port or role), by alias: DolphinDB
 * knows a process by its alias (facts §2.3). Controllers first, since any change to them stops
 * the whole cluster (facts §12.3).
 */
export function nodeChanges(before: Derived, after: Derived): Change[] {
  const was = new Map(before.topology.nodes.map((node) => [node.alias, node]));
  const is = new Map(after.topology.nodes.map((node) => [node.alias, node]));
  const changes: Change[] = [];
  const can = applicableOf(before, after);
  const controllerChange = (what: string, applies = can.controllers): Change => ({
    kind: 'controllers-changed',
    what,
    how: `${can.controllers ? '' : `${can.controllersWhy}. `}stop everything, back up each config directory, copy a moved controller's nodes/<alias>/ (Raft and dfsMeta) to its new server, rewrite every localSite, sites and cluster.nodes entry that names it, start controllers, agents, then data nodes, then check every database and table is there with its rows (facts §12.3)`,
    cost: wholeClusterStop(after),
    deployApplies: applies,
  });
  for (const node of after.controllers) {
    const old = was.get(node.alias);
    if (!old) changes.push(controllerChange(`${node.alias} added on ${place(after, node)}`));
    else if (moved(before, old, after, node))
      changes.push(
        controllerChange(`${node.alias} moved from ${place(before, old)} to ${place(after, node)}`),
      );
  }
  for (const node of before.controllers)
    if (!is.has(node.alias))
      changes.push(controllerChange(`${node.alias} removed from ${place(before, node)}`));

  const agentHostsBefore = new Set(before.agents.map((node) => node.host));
  for (const node of after.topology.nodes) {
    if (node.mode === 'controller') continue;
    const old = was.get(node.alias);
    if (!old) changes.push(added(node, after, agentHostsBefore.has(node.host), can));
    else if (old.mode === 'controller')
      changes.push(controllerChange(`${node.alias} is no longer a controller`, false));
    else if (moved(before, old, after, node)) changes.push(movedChange(before, old, after, node));
  }
  for (const node of before.topology.nodes)
    if (node.mode !== 'controller' && !is.has(node.alias)) changes.push(removed(node, before, after, can));
  return changes;
}

function added(node: TopologyNode, after: Derived, hostHasAgent: boolean, can: Applicable): Change {
  const what = `${node.alias} (${node.mode}) added on ${place(after, node)}`;
  if (node.mode === 'agent')
    return {
      kind: 'node-added',
      what,
      how: `online: prepare ${node.host}, send the package, write agent.cfg (sites: this agent and every controller) and cluster.nodes on every controller, start ${node.alias} (facts §12.1)`,
      cost: 'online, no restart',
      deployApplies: can.nodes,
    };
  const call = `addNode("${address(after, node)}", ${node.port}, "${node.alias}", false, "${node.mode}") on the leader, then startDataNode`;
  return {
    kind: 'node-added',
    what,
    how: hostHasAgent
      ? `online, no restart: cluster.nodes (and cluster.cfg) rewritten identically on every controller, ${call} (facts §12.1)`
      : `online: prepare ${node.host}, package, start its agent, then ${call} (facts §12.1)`,
    cost: 'online, no restart',
    deployApplies: can.nodes,
  };
}

function removed(node: TopologyNode, before: Derived, after: Derived, can: Applicable): Change {
  const what = `${node.alias} (${node.mode}) removed from ${place(before, node)}`;
  if (node.mode === 'datanode')
    return {
      kind: 'node-removed',
      what,
      how: `only when it holds no chunk (deploy asks getClusterChunksStatus() and refuses, changing nothing, while it holds one: rebalance first with rebalanceChunksAmongDataNodes), then stopDataNode and remove it from cluster.nodes; its storage directory is kept (facts §12.1)`,
      cost: `stops ${node.alias}`,
      deployApplies: can.nodes,
    };
  if (node.mode === 'agent') {
    const workers = before.workers.filter((worker) => worker.host === node.host).map((w) => w.alias);
    const staying = after.workers.filter((worker) => worker.host === node.host).map((w) => w.alias);
    return {
      kind: 'node-removed',
      what,
      how: `stop ${node.alias} once no data or compute node on ${node.host} is left, then remove it from cluster.nodes; its files on ${node.host} are kept`,
      cost: workers.length > 0 ? `stops ${node.alias} and ${workers.join(', ')}` : `stops ${node.alias}`,
      deployApplies: can.nodes && staying.length === 0,
    };
  }
  return {
    kind: 'node-removed',
    what,
    how: `stopDataNode("${node.alias}") on the leader, then remove it from cluster.nodes; it holds no data`,
    cost: `stops ${node.alias}`,
    deployApplies: can.nodes,
  };
}

function movedChange(before: Derived, old: TopologyNode, after: Derived, node: TopologyNode): Change {
  const role = old.mode !== node.mode ? `, ${old.mode} → ${node.mode}` : '';
  return {
    kind: 'node-moved',
    what: `${node.alias} moved from ${place(before, old)} to ${place(after, node)}${role}`,
    how:
      node.mode === 'datanode' || old.mode === 'datanode'
        ? `as a removal and an addition: rebalance its chunks away, stop it, change its row in cluster.nodes, start it at the new place`
        : `stop it, change its row in cluster.nodes (and agent.cfg for an agent), start it at the new place`,
    cost: `stops ${node.alias} while it moves`,
    deployApplies: false,
  };
}

/** Whether a node is elsewhere: another host (or the host's address), port or role. */
function moved(before: Derived, old: TopologyNode, after: Derived, node: TopologyNode): boolean {
  return (
    old.mode !== node.mode ||
    old.port !== node.port ||
    old.host !== node.host ||
    address(before, old) !== address(after, node)
  );
}

function address(derived: Derived, node: TopologyNode): string {
  return derived.hostsByName.get(node.host)?.address ?? node.host;
}

/** `P2 (10.0.0.81:8804)`. */
export function place(derived: Derived, node: TopologyNode): string {
  return `${node.host} (${address(derived, node)}:${node.port})`;
}
