import { hostLayout } from '../../model/layout.js';
import type { TopologyNode } from '../../model/topology.js';
import type { ScriptedProcess } from '../change-actions.js';
import type { Endpoints } from '../endpoints.js';

/** A controller, agent or single node with its own start.sh, stop.sh and log (docs/layout.md). */
export function scriptedProcess({ derived, endpoint }: Endpoints, node: TopologyNode): ScriptedProcess {
  const layout = hostLayout(derived.topology, derived.hostsByName.get(node.host));
  return {
    node: endpoint(node),
    start: `${layout.nodeDir(node.alias)}/start.sh`,
    stop: `${layout.nodeDir(node.alias)}/stop.sh`,
    logFile: layout.logFile(node.alias),
  };
}
