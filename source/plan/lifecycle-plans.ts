import { hostLayout } from '../model/layout.js';
import type { Topology, TopologyNode } from '../model/topology.js';
import { endpointsOf } from './endpoints.js';
import type { Plan, Step } from './plan.js';
import { describeStep } from './describe-step.js';

/** The start-up part of a deployment plan (controllers, leader, agents, workers, check). */
export function startPlan(full: Plan, alias?: string): Plan {
  const startPhases = new Set(['start-controllers', 'elect', 'start-agents', 'start-workers', 'verify']);
  let steps = full.steps.filter((step) => startPhases.has(step.phase));
  if (alias !== undefined) {
    const own = steps.find((step) => step.id === `start/${alias}`);
    if (own) steps = [own];
    else {
      const workers = steps.find((step) => step.id === 'start-workers');
      if (!workers || workers.action.type !== 'start-workers') return { ...full, steps: [] };
      const worker = workers.action.workers.filter((node) => node.alias === alias);
      if (worker.length === 0) return { ...full, steps: [] };
      const action = { ...workers.action, workers: worker };
      steps = [{ ...workers, title: `start ${alias}`, action, commands: describeStep(action) }];
    }
  }
  const ids = new Set(steps.map((step) => step.id));
  return {
    ...full,
    steps: steps.map((step) => ({ ...step, after: step.after.filter((id) => ids.has(id)) })),
  };
}

/**
 * Stopping, in the reverse of the start order: data and compute nodes through the leader, then the
 * agents, then the controllers, each with SIGTERM and a wait (never SIGKILL first).
 */
export function stopPlan(topology: Topology, full: Plan, alias?: string): Plan {
  const { derived, endpoint } = endpointsOf(topology);
  const pick = (nodes: readonly TopologyNode[]) =>
    alias === undefined ? nodes : nodes.filter((n) => n.alias === alias);
  const steps: Step[] = [];
  const add = (step: Omit<Step, 'commands'>): string => {
    steps.push({ ...step, commands: describeStep(step.action) });
    return step.id;
  };
  const controllers = derived.controllers.map(endpoint);
  const workers = pick(derived.workers).map(endpoint);
  const afterWorkers =
    workers.length === 0
      ? []
      : [
          add({
            id: 'stop-workers',
            phase: 'stop-workers',
            host: null,
            node: null,
            title: `stop ${workers.length} data and compute nodes`,
            after: [],
            action: { type: 'stop-workers', controllers, workers },
          }),
        ];
  const stopNode = (node: TopologyNode, phase: Step['phase'], after: readonly string[]) =>
    add({
      id: `stop/${node.alias}`,
      phase,
      host: node.host,
      node: node.alias,
      title: `stop ${node.mode} ${node.alias}`,
      after,
      action: {
        type: 'stop-node',
        node: endpoint(node),
        script: `${hostLayout(topology, derived.hostsByName.get(node.host)).nodeDir(node.alias)}/stop.sh`,
      },
    });
  const single = topology.nodes.filter((node) => node.mode === 'single');
  pick(single).forEach((node) => stopNode(node, 'stop-controllers', []));
  const agentStops = pick(derived.agents).map((node) => stopNode(node, 'stop-agents', afterWorkers));
  pick(derived.controllers).forEach((node) =>
    stopNode(node, 'stop-controllers', [...afterWorkers, ...agentStops]),
  );
  return { ...full, steps };
}
