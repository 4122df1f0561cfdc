import { plural } from '../../model/plural.js';
import type { Topology, TopologyNode } from '../../model/topology.js';
import type { Endpoints } from '../endpoints.js';
import type { NodeEndpoint, Plan, Step } from '../plan.js';
import { planBuilder, type PlanBuilder } from '../plan-builder.js';

/**
 * The step that starts one controller, agent or single node the mode's way (its start.sh, its
 * container), with the phase and prerequisites given.
 */
export type StartProcess = (node: TopologyNode, phase: Step['phase'], after: readonly string[]) => Step;

/**
 * Starting a cluster in the order the docs give (seed 001 §3, seed 002 §5): controllers (for Raft
 * all of the group, then a leader), agents, data and compute nodes through the leader, and a final
 * check. `ready` names the steps a host's starts wait for (its preparation, in a deployment).
 */
export function addStartSequence(
  builder: PlanBuilder,
  topology: Topology,
  { derived, endpoint }: Endpoints,
  ready: (host: string) => readonly string[],
  startProcess: StartProcess,
  options: {
    /** Steps between the agents' starts and the workers' (a change's addNode), given the agents' starts. */
    readonly beforeWorkers?: (agentStarts: readonly string[]) => readonly string[];
  } = {},
): void {
  const startStep = (node: TopologyNode, phase: Step['phase'], extraAfter: readonly string[]): string =>
    builder.add(startProcess(node, phase, [...ready(node.host), ...extraAfter]));

  if (topology.mode === 'single') {
    const single = topology.nodes[0];
    if (!single) return;
    const started = startStep(single, 'start-controllers', []);
    builder.add({
      id: 'verify',
      phase: 'verify',
      host: null,
      node: null,
      title: 'check the node answers',
      after: [started],
      action: { type: 'verify', single: true, controllers: [endpoint(single)], expected: [single.alias] },
    });
    return;
  }

  const controllers = derived.controllers.map(endpoint);
  const controllerStarts = derived.controllers.map((node) => startStep(node, 'start-controllers', []));
  const elected = builder.add({
    id: 'elect',
    phase: 'elect',
    host: null,
    node: null,
    title: derived.raft ? 'wait for the controllers to elect a leader' : 'wait for the controller',
    after: controllerStarts,
    action: { type: 'await-leader', controllers, raft: derived.raft },
  });
  const agentStarts = derived.agents.map((node) => startStep(node, 'start-agents', [elected]));
  const added = options.beforeWorkers?.(agentStarts) ?? [];
  const workersAfter = added.length > 0 ? added : agentStarts;
  const workers = derived.workers.map(endpoint);
  const lastStart =
    workers.length === 0
      ? agentStarts
      : [
          builder.add(
            startWorkersStep(
              controllers,
              workers,
              `start ${plural(workers.length, 'data or compute node', 'data and compute nodes')}`,
              workersAfter,
            ),
          ),
        ];
  builder.add({
    id: 'verify',
    phase: 'verify',
    host: null,
    node: null,
    title: 'check every node is up',
    after: lastStart.length > 0 ? lastStart : [elected],
    action: {
      type: 'verify',
      single: false,
      controllers,
      expected: topology.nodes.map((node) => node.alias),
    },
  });
}

/**
 * Starting one process (`start --node ALIAS`): a controller, agent or single node with its
 * start.sh or container; a data or compute node through the leader. Nothing when no node has that alias.
 */
function addStartOne(
  builder: PlanBuilder,
  topology: Topology,
  { derived, endpoint }: Endpoints,
  alias: string,
  startProcess: StartProcess,
): void {
  const node = topology.nodes.find((n) => n.alias === alias);
  if (!node) return;
  if (derived.workers.includes(node))
    builder.add(startWorkersStep(derived.controllers.map(endpoint), [endpoint(node)], `start ${alias}`, []));
  else builder.add(startProcess(node, phaseOf(node), []));
}

function phaseOf(node: TopologyNode): Step['phase'] {
  return node.mode === 'agent' ? 'start-agents' : 'start-controllers';
}

function startWorkersStep(
  controllers: readonly NodeEndpoint[],
  workers: readonly NodeEndpoint[],
  title: string,
  after: readonly string[],
): Step {
  return {
    id: 'start-workers',
    phase: 'start-workers',
    host: null,
    node: null,
    title,
    after,
    action: { type: 'start-workers', controllers, workers },
  };
}

/** The plan of `start` (every process, or `node` alone) in a mode that starts processes so. */
export function startPlan(
  topology: Topology,
  endpoints: Endpoints,
  node: string | undefined,
  startProcess: StartProcess,
): Plan {
  const builder = planBuilder();
  if (node === undefined) addStartSequence(builder, topology, endpoints, () => [], startProcess);
  else addStartOne(builder, topology, endpoints, node, startProcess);
  return builder.plan(topology, endpoints.derived.usedHosts);
}

/** The step of one process's start or stop, as every mode names it (`start/controller1`). */
export function processStep(
  verb: 'start' | 'stop',
  node: TopologyNode,
  phase: Step['phase'],
  after: readonly string[],
  action: Step['action'],
  title = `${verb} ${node.mode} ${node.alias}`,
): Step {
  return { id: `${verb}/${node.alias}`, phase, host: node.host, node: node.alias, title, after, action };
}
