import { hostLayout } from '../../model/layout.js';
import type { Topology } from '../../model/topology.js';
import { endpointsOf, type Endpoints } from '../endpoints.js';
import type { ModePlanner } from '../mode-planner.js';
import type { Step } from '../plan.js';
import { packageSourceOf } from '../package-source.js';
import { planBuilder } from '../plan-builder.js';
import { addRecordApplied, clusterDirOf } from '../sequences/record-applied.js';
import { addStartSequence, processStep, startPlan, type StartProcess } from '../sequences/start.js';
import { addStopSequence, stopPlan, type StopProcess } from '../sequences/stop.js';
import { removeStep, sshRemoval, stopsOf } from '../sequences/remove.js';
import { addHostPreparation } from './ssh-hosts.js';
import { changePlan } from './ssh-change.js';
import { scriptedProcess } from './ssh-process.js';
import { upgradePlan } from './ssh-upgrade.js';

/**
 * Modes single, cluster, pseudo-ha and ha: processes started by scripts on the servers, reached
 * over SSH. A deployment prepares every host (directories, package, licence, config files), then
 * starts the cluster; start and stop are the same sequences alone. Destroy stops every process the
 * same way, then removes on each host what ddb-setup created there.
 */
export const sshPlanner: ModePlanner = {
  packageSource: packageSourceOf,
  endpoints: endpointsOf,
  deploy(input) {
    const { topology } = input;
    const endpoints = endpointsOf(topology);
    const builder = planBuilder();
    const packageSource = input.packageSource;
    // packageSource below is what the caller took from this planner: never absent here.
    if (!packageSource) throw new Error('a deployment over SSH needs the server package');
    const ready = addHostPreparation(builder, { ...input, packageSource }, endpoints.derived);
    addStartSequence(builder, topology, endpoints, (host) => ready.get(host) ?? [], startScript(endpoints));
    const applied =
      input.licensePath !== undefined
        ? builder.add(applyLicenseStep(input.licensePath, endpoints))
        : 'verify';
    addRecordApplied(builder, topology, endpoints.derived.usedHosts, clusterDirOf(endpoints), [applied]);
    return builder.plan(topology, endpoints.derived.usedHosts, packageSource);
  },
  start: (input) => {
    const endpoints = endpointsOf(input.topology);
    return startPlan(input.topology, endpoints, input.node, startScript(endpoints));
  },
  upgrade(input, from) {
    const endpoints = endpointsOf(input.topology);
    const packageSource = input.packageSource;
    if (!packageSource) throw new Error('an upgrade over SSH needs the server package');
    return upgradePlan({ ...input, packageSource }, endpoints, from, {
      start: startScript(endpoints),
      stop: stopScript(input.topology, endpoints),
    });
  },
  change(input, applied) {
    const packageSource = input.packageSource;
    if (!packageSource) throw new Error('a change over SSH needs the server package');
    return changePlan({ ...input, packageSource }, applied, (topology, endpoints) => ({
      start: startScript(endpoints),
      stop: stopScript(topology, endpoints),
    }));
  },
  stop: (input) => {
    const endpoints = endpointsOf(input.topology);
    return stopPlan(input.topology, endpoints, input.node, stopScript(input.topology, endpoints));
  },
  destroy: (input) => {
    const { topology } = input;
    const endpoints = endpointsOf(topology);
    const builder = planBuilder();
    // A stop.sh already removed is a process an earlier destroy stopped, and data nodes left
    // without a leader are stopped on their hosts by the removal: destroy resumes where it stopped.
    const stops = addStopSequence(
      builder,
      topology,
      endpoints,
      undefined,
      stopScript(topology, endpoints, true),
      { leftToHosts: true },
    );
    for (const host of endpoints.derived.usedHosts)
      builder.add(removeStep(host, sshRemoval(input, endpoints, host), stopsOf(host, stops)));
    return builder.plan(topology, endpoints.derived.usedHosts);
  },
};

/**
 * A renewed licence reaches the nodes already running (facts §5): last, once every host has the
 * file and every node is up. Nodes started by this run have it already and are left as they are.
 */
function applyLicenseStep(localPath: string, endpoints: Endpoints): Step {
  const { derived, endpoint } = endpoints;
  const processes = derived.topology.nodes.filter((n) => n.mode !== 'datanode' && n.mode !== 'computenode');
  return {
    id: 'apply-license',
    phase: 'verify',
    host: null,
    node: null,
    title: 'apply the licence to the running nodes',
    after: ['verify'],
    action: {
      type: 'apply-license',
      localPath,
      controllers: derived.controllers.map(endpoint),
      processes: processes.map((node) => scriptedProcess(endpoints, node)),
      workers: derived.workers.map(endpoint),
    },
  };
}

/** A process started by its start.sh, which the step waits for until its port answers. */
function startScript({ derived, endpoint }: Endpoints): StartProcess {
  return (node, phase, after) => {
    const layout = hostLayout(derived.topology, derived.hostsByName.get(node.host));
    return processStep('start', node, phase, after, {
      type: 'start-node',
      node: endpoint(node),
      script: `${layout.nodeDir(node.alias)}/start.sh`,
      logFile: layout.logFile(node.alias),
    });
  };
}

/** A process stopped by its stop.sh: SIGTERM, then a wait. */
function stopScript(
  topology: Topology,
  { derived, endpoint }: Endpoints,
  scriptMayBeGone = false,
): StopProcess {
  return (node, phase, after) =>
    processStep('stop', node, phase, after, {
      type: 'stop-node',
      node: endpoint(node),
      script: `${hostLayout(topology, derived.hostsByName.get(node.host)).nodeDir(node.alias)}/stop.sh`,
      ...(scriptMayBeGone ? { scriptMayBeGone } : {}),
    });
}
