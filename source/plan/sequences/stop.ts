import { plural } from '../../model/plural.js';
import type { Topology, TopologyNode } from '../../model/topology.js';
import type { Endpoints } from '../endpoints.js';
import type { Plan, Step } from '../plan.js';
import { planBuilder, type PlanBuilder } from '../plan-builder.js';

/** The step that stops one controller, agent or single node the mode's way (SIGTERM and a wait). */
export type StopProcess = (node: TopologyNode, phase: Step['phase'], after: readonly string[]) => Step;

/**
 * Stopping, in the reverse of the start order: data and compute nodes through the leader, then the
 * agents, then the controllers, each with SIGTERM and a wait (never SIGKILL first). With `alias`,
 * only that process. A step that cannot reach its host fails naming what it left (`notReached`),
 * which holds nothing back: the rest is still stopped, in this order.
 */
export function addStopSequence(
  builder: PlanBuilder,
  topology: Topology,
  { derived, endpoint }: Endpoints,
  alias: string | undefined,
  stopProcess: StopProcess,
  first: readonly string[] = [],
): string[] {
  const pick = (nodes: readonly TopologyNode[]) =>
    alias === undefined ? nodes : nodes.filter((n) => n.alias === alias);
  const controllers = derived.controllers.map(endpoint);
  const workers = pick(derived.workers).map(endpoint);
  const afterWorkers =
    workers.length === 0
      ? []
      : [
          builder.add({
            id: 'stop-workers',
            phase: 'stop-workers',
            host: null,
            node: null,
            title: `stop ${plural(workers.length, 'data or compute node', 'data and compute nodes')}`,
            after: first,
            action: { type: 'stop-workers', controllers, workers },
          }),
        ];
  // `first`: what must be done before anything stops (an upgrade's new package on every host).
  const afterFirst = afterWorkers.length > 0 ? afterWorkers : [...first];
  const stopNode = (node: TopologyNode, phase: Step['phase'], after: readonly string[]) =>
    builder.add(stopProcess(node, phase, after));
  const single = topology.nodes.filter((node) => node.mode === 'single');
  const singleStops = pick(single).map((node) => stopNode(node, 'stop-controllers', [...first]));
  const agentStops = pick(derived.agents).map((node) => stopNode(node, 'stop-agents', afterFirst));
  const controllerStops = pick(derived.controllers).map((node) =>
    stopNode(node, 'stop-controllers', [...afterFirst, ...agentStops]),
  );
  return [...afterWorkers, ...singleStops, ...agentStops, ...controllerStops];
}

/** The plan of `stop` (every process, or `node` alone) in a mode that stops processes so. */
export function stopPlan(
  topology: Topology,
  endpoints: Endpoints,
  node: string | undefined,
  stopProcess: StopProcess,
): Plan {
  const builder = planBuilder();
  addStopSequence(builder, topology, endpoints, node, stopProcess);
  return builder.plan(topology, endpoints.derived.usedHosts);
}
