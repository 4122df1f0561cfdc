import { endpointsOf } from '../endpoints.js';
import { packageSourceOf } from '../package-source.js';
import { planBuilder } from '../plan-builder.js';
import type { ModePlanner, PlanInput } from '../mode-planner.js';
import { addHostPreparation } from './ssh-hosts.js';
import { addStartOne, addStartSequence } from './ssh-start.js';
import { addStopSequence } from './ssh-stop.js';

/**
 * Modes single, cluster, pseudo-ha and ha: processes started by scripts on the servers, reached
 * over SSH. A deployment prepares every host (directories, package, licence, config files), then
 * starts the cluster; start and stop are the same sequences alone.
 */
export const sshPlanner: ModePlanner = {
  planned: true,
  packageSource: packageSourceOf,
  deploy(input) {
    const { topology } = input;
    const endpoints = endpointsOf(topology);
    const builder = planBuilder();
    const packageSource = input.packageSource;
    // packageSource below is what the caller took from this planner: never absent here.
    if (!packageSource) throw new Error('a deployment over SSH needs the server package');
    const ready = addHostPreparation(builder, { ...input, packageSource }, endpoints.derived);
    addStartSequence(builder, topology, endpoints, (host) => ready.get(host) ?? []);
    return builder.plan(topology, endpoints.derived.usedHosts, packageSource);
  },
  start(input: PlanInput) {
    const endpoints = endpointsOf(input.topology);
    const builder = planBuilder();
    if (input.node === undefined) addStartSequence(builder, input.topology, endpoints, () => []);
    else addStartOne(builder, input.topology, endpoints, input.node);
    return builder.plan(input.topology, endpoints.derived.usedHosts);
  },
  stop(input) {
    const endpoints = endpointsOf(input.topology);
    const builder = planBuilder();
    addStopSequence(builder, input.topology, endpoints, input.node);
    return builder.plan(input.topology, endpoints.derived.usedHosts);
  },
};
