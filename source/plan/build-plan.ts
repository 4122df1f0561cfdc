import { hostLayout } from '../model/layout.js';
import type { Topology, TopologyNode } from '../model/topology.js';
import type { RenderedFile } from '../render/render-files.js';
import { endpointsOf } from './endpoints.js';
import type { PackageSource, Plan, Step } from './plan.js';
import { describeStep } from './describe-step.js';
import { licensePathOf, packageSourceOf } from './package-source.js';

/**
 * The plan of a topology read from a file in `baseDir`, against which `server.package` and
 * `server.license` are resolved: what `plan`, `deploy` and the wizard all run.
 */
export function planTopology(topology: Topology, files: readonly RenderedFile[], baseDir: string): Plan {
  return buildPlan({
    topology,
    files,
    packageSource: packageSourceOf(topology, baseDir),
    licensePath: licensePathOf(topology, baseDir),
  });
}

/** What a plan needs besides the topology and its rendered files. */
export type PlanInput = {
  readonly topology: Topology;
  readonly files: readonly RenderedFile[];
  readonly packageSource: PackageSource;
  /** Local path of the licence to install, when `server.license` is set. */
  readonly licensePath: string | undefined;
};

/**
 * Turns a validated topology (modes single, cluster, pseudo-ha, ha) into the ordered steps of a
 * deployment. Pure. Per host: prepare directories, package, licence, config files; then the cluster
 * comes up in the order the docs give (seed 001 §3, seed 002 §5): controllers (for Raft all of the
 * group, then a leader), agents, data and compute nodes through the leader, and a final check.
 */
export function buildPlan(input: PlanInput): Plan {
  const { topology } = input;
  const { derived, endpoint } = endpointsOf(topology);
  const steps: Step[] = [];
  const add = (step: Omit<Step, 'commands'>): string => {
    steps.push({ ...step, commands: describeStep(step.action) });
    return step.id;
  };
  const ready = new Map<string, string[]>();

  for (const hostName of derived.usedHosts) {
    const host = derived.hostsByName.get(hostName);
    const layout = hostLayout(topology, host);
    const hostNodes = topology.nodes.filter(
      (node) => node.host === hostName && node.mode !== 'datanode' && node.mode !== 'computenode',
    );
    const prepare = add({
      id: `${hostName}/prepare`,
      phase: 'prepare',
      host: hostName,
      node: null,
      title: 'create directories',
      after: [],
      action: {
        type: 'prepare-host',
        cluster: topology.name,
        clusterDir: layout.clusterDir,
        dirs: [
          `${layout.clusterDir}/server`,
          ...hostNodes.flatMap((node) => [layout.configDir(node.alias), `${layout.nodeDir(node.alias)}/log`]),
        ],
      },
    });
    const archive = `${layout.clusterDir}/server/${input.packageSource.fileName}`;
    const transfer = add({
      id: `${hostName}/package`,
      phase: 'package',
      host: hostName,
      node: null,
      title: `transfer ${input.packageSource.fileName}`,
      after: [prepare],
      action: { type: 'transfer-package', source: input.packageSource, archive, serverDir: layout.serverDir },
    });
    const unpack = add({
      id: `${hostName}/unpack`,
      phase: 'package',
      host: hostName,
      node: null,
      title: `unpack server ${topology.server.version}`,
      after: [transfer],
      action: { type: 'unpack-package', archive, serverDir: layout.serverDir },
    });
    const hostReady = [unpack];
    if (input.licensePath !== undefined) {
      hostReady.push(
        add({
          id: `${hostName}/license`,
          phase: 'package',
          host: hostName,
          node: null,
          title: 'install the licence',
          after: [unpack],
          action: {
            type: 'install-license',
            localPath: input.licensePath,
            target: `${layout.serverDir}/dolphindb.lic`,
          },
        }),
      );
    }
    const files = input.files.filter((file) => file.host === hostName);
    if (files.length > 0) {
      hostReady.push(
        add({
          id: `${hostName}/configure`,
          phase: 'configure',
          host: hostName,
          node: null,
          title: `write ${files.length} config and script files`,
          after: [prepare],
          action: { type: 'write-files', files },
        }),
      );
    }
    ready.set(hostName, hostReady);
  }

  const startStep = (node: TopologyNode, phase: Step['phase'], extraAfter: readonly string[]): string => {
    const layout = hostLayout(topology, derived.hostsByName.get(node.host));
    return add({
      id: `start/${node.alias}`,
      phase,
      host: node.host,
      node: node.alias,
      title: `start ${node.mode} ${node.alias}`,
      after: [...(ready.get(node.host) ?? []), ...extraAfter],
      action: {
        type: 'start-node',
        node: endpoint(node),
        script: `${layout.nodeDir(node.alias)}/start.sh`,
        logFile: layout.logFile(node.alias),
      },
    });
  };

  if (topology.mode === 'single') {
    const single = topology.nodes[0];
    if (single) {
      const started = startStep(single, 'start-controllers', []);
      add({
        id: 'verify',
        phase: 'verify',
        host: null,
        node: null,
        title: 'check the node answers',
        after: [started],
        action: { type: 'verify', single: true, controllers: [endpoint(single)], expected: [single.alias] },
      });
    }
    return planOf(input, derived.usedHosts, steps);
  }

  const controllers = derived.controllers.map(endpoint);
  const controllerStarts = derived.controllers.map((node) => startStep(node, 'start-controllers', []));
  const elected = add({
    id: 'elect',
    phase: 'elect',
    host: null,
    node: null,
    title: derived.raft ? 'wait for the controllers to elect a leader' : 'wait for the controller',
    after: controllerStarts,
    action: { type: 'await-leader', controllers, raft: derived.raft },
  });
  const agentStarts = derived.agents.map((node) => startStep(node, 'start-agents', [elected]));
  const workers = derived.workers.map(endpoint);
  const lastStart =
    workers.length === 0
      ? agentStarts
      : [
          add({
            id: 'start-workers',
            phase: 'start-workers',
            host: null,
            node: null,
            title: `start ${workers.length} data and compute nodes`,
            after: agentStarts,
            action: { type: 'start-workers', controllers, workers },
          }),
        ];
  add({
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
  return planOf(input, derived.usedHosts, steps);
}

function planOf(input: PlanInput, hosts: readonly string[], steps: readonly Step[]): Plan {
  const { topology, packageSource } = input;
  return {
    cluster: topology.name,
    mode: topology.mode,
    version: topology.server.version,
    hosts,
    packageSource,
    steps,
  };
}
