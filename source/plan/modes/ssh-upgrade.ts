import { hostLayout } from '../../model/layout.js';
import type { TopologyNode } from '../../model/topology.js';
import type { Endpoints } from '../endpoints.js';
import type { PlanInput } from '../mode-planner.js';
import type { NodeEndpoint, PackageSource, Plan, Step } from '../plan.js';
import { planBuilder, type PlanBuilder } from '../plan-builder.js';
import { filesStep } from '../sequences/host-steps.js';
import { addRecordApplied, clusterDirOf } from '../sequences/record-applied.js';
import { addStartSequence, type StartProcess } from '../sequences/start.js';
import { addStopSequence, type StopProcess } from '../sequences/stop.js';
import type { UpgradeFrom } from '../upgrade-from.js';
import { addHostPreparation } from './ssh-hosts.js';

/** How the SSH modes start and stop one process (ssh.ts). */
export type ProcessSteps = { readonly start: StartProcess; readonly stop: StopProcess };

/**
 * An upgrade (or a return to a version kept on the hosts): the new package on every host first,
 * with the cluster still running; then either server by server with the cluster up (facts §12.2)
 * or everything stopped, switched and started again. Switching a server is writing its start
 * scripts, which name `server/<version>/`: the old version's directory stays, so deploying the old
 * version again is the same switch back (docs/layout.md).
 */
export function upgradePlan(
  input: PlanInput & { readonly packageSource: PackageSource },
  endpoints: Endpoints,
  upgrade: UpgradeFrom,
  processes: ProcessSteps,
): Plan {
  const { topology } = input;
  const builder = planBuilder();
  const ready: Map<string, string[]> = addHostPreparation(builder, input, endpoints.derived, false);
  if (input.licensePath === undefined)
    for (const [host, steps] of ready) {
      const layout = hostLayout(topology, endpoints.derived.hostsByName.get(host));
      const serverRoot = layout.serverDir.slice(0, layout.serverDir.lastIndexOf('/'));
      steps.push(
        builder.add({
          id: `${host}/license`,
          phase: 'package',
          host,
          node: null,
          title: `keep the licence of ${upgrade.from}`,
          after: [...steps],
          action: {
            type: 'carry-license',
            from: `${serverRoot}/${upgrade.from}/dolphindb.lic`,
            target: `${layout.serverDir}/dolphindb.lic`,
          },
        }),
      );
    }
  const prepared = [...ready.values()].flat();
  const last = upgrade.rolling
    ? addRoll(builder, input, endpoints, upgrade, processes, prepared, ready)
    : addStopAll(builder, input, endpoints, upgrade, processes, prepared, ready);
  const verified = builder.add(verifyVersionStep(endpoints, topology.server.version, last));
  // An upgrade applies the topology's new version: recorded last, as a deploy does.
  addRecordApplied(builder, topology, endpoints.derived.usedHosts, clusterDirOf(endpoints), [verified]);
  return builder.plan(topology, endpoints.derived.usedHosts, input.packageSource);
}

/** Everything stops, each host's metadata is backed up and its scripts switched, everything starts. */
function addStopAll(
  builder: PlanBuilder,
  input: PlanInput,
  endpoints: Endpoints,
  upgrade: UpgradeFrom,
  processes: ProcessSteps,
  prepared: readonly string[],
  ready: ReadonlyMap<string, readonly string[]>,
): string[] {
  const { topology } = input;
  const stops = addStopSequence(builder, topology, endpoints, undefined, processes.stop, {
    first: prepared,
  }).map((stop) => stop.id);
  const switched = new Map<string, string[]>();
  for (const host of endpoints.derived.usedHosts) {
    const backup = builder.add(backupStep(input, endpoints, host, upgrade.from, stops));
    const files = filesStep(host, input.files, [backup]);
    switched.set(host, [...(ready.get(host) ?? []), files ? builder.add(files) : backup]);
  }
  addStartSequence(builder, topology, endpoints, (host) => switched.get(host) ?? [], processes.start);
  return ['verify'];
}

/**
 * Server by server (facts §12.2): every chunk COMPLETE, stop the server's data nodes, agent and
 * controller, back up their metadata, switch, start them again, wait until no chunk is RECOVERING.
 */
function addRoll(
  builder: PlanBuilder,
  input: PlanInput,
  endpoints: Endpoints,
  upgrade: UpgradeFrom,
  processes: ProcessSteps,
  prepared: readonly string[],
  ready: ReadonlyMap<string, readonly string[]>,
): string[] {
  const { derived, endpoint } = endpoints;
  const controllers = derived.controllers.map(endpoint);
  let previous: string[] = [...prepared];
  for (const host of upgrade.hosts) {
    const on = (nodes: readonly TopologyNode[]) => nodes.filter((node) => node.host === host);
    const healthy = builder.add(chunksStep(host, 'complete', controllers, previous));
    const workers = on(derived.workers).map(endpoint);
    const workersStopped =
      workers.length === 0
        ? healthy
        : builder.add({
            ...clusterStep(
              host,
              'stop-workers',
              'stop-workers',
              `stop the data and compute nodes of ${host}`,
            ),
            after: [healthy],
            action: { type: 'stop-workers', controllers, workers },
          });
    const agentStops = on(derived.agents).map((node) =>
      builder.add(processes.stop(node, 'stop-agents', [workersStopped])),
    );
    const controllerStops = on(derived.controllers).map((node) =>
      builder.add(processes.stop(node, 'stop-controllers', [workersStopped, ...agentStops])),
    );
    const backup = builder.add(
      backupStep(input, endpoints, host, upgrade.from, [workersStopped, ...agentStops, ...controllerStops]),
    );
    const files = filesStep(host, input.files, [backup]);
    const switched = [...(ready.get(host) ?? []), files ? builder.add(files) : backup];
    const controllerStarts = on(derived.controllers).map((node) =>
      builder.add(processes.start(node, 'start-controllers', switched)),
    );
    const elected = builder.add({
      ...clusterStep(host, 'elect', 'elect', 'wait until the controllers have a leader'),
      after: [...switched, ...controllerStarts],
      action: { type: 'await-leader', controllers, raft: derived.raft },
    });
    const agentStarts = on(derived.agents).map((node) =>
      builder.add(processes.start(node, 'start-agents', [elected])),
    );
    const workersStarted =
      workers.length === 0
        ? [elected, ...agentStarts]
        : [
            builder.add({
              ...clusterStep(
                host,
                'start-workers',
                'start-workers',
                `start the data and compute nodes of ${host}`,
              ),
              after: [elected, ...agentStarts],
              action: { type: 'start-workers', controllers, workers },
            }),
          ];
    previous = [builder.add(chunksStep(host, 'not-recovering', controllers, workersStarted))];
  }
  return previous;
}

/** A cluster-wide step that belongs to one server's turn of the roll (`P1/stop-workers`). */
function clusterStep(host: string, name: string, phase: Step['phase'], title: string) {
  return { id: `${host}/${name}`, phase, host: null, node: null, title } as const;
}

function chunksStep(
  host: string,
  until: 'complete' | 'not-recovering',
  controllers: readonly NodeEndpoint[],
  after: readonly string[],
): Step {
  return {
    ...clusterStep(
      host,
      until === 'complete' ? 'chunks-complete' : 'chunks-recovered',
      until === 'complete' ? 'stop-workers' : 'verify',
      until === 'complete'
        ? `wait until every chunk is COMPLETE before ${host} stops`
        : `wait until no chunk is RECOVERING after ${host} is back`,
    ),
    after,
    action: { type: 'await-chunks', controllers, until },
  };
}

/**
 * The metadata of the host's processes as DolphinDB keeps them under their -home (docs/layout.md):
 * a controller's `dfsMeta` (written out per controller), a data node's `storage/CHUNK_METADATA`
 * (chunkMetaDir defaults to the first volume, `<home>/<alias>/storage`: facts §1.1, §2.3).
 */
function backupStep(
  input: PlanInput,
  { derived }: Endpoints,
  host: string,
  from: string,
  after: readonly string[],
): Step {
  const layout = hostLayout(input.topology, derived.hostsByName.get(host));
  const dirs = [
    ...derived.controllers.filter((n) => n.host === host).map((n) => `${layout.nodeDir(n.alias)}/dfsMeta`),
    ...derived.workers
      .filter((n) => n.host === host && n.mode === 'datanode')
      .map((n) => `${layout.nodeDir(n.alias)}/storage/CHUNK_METADATA`),
  ];
  return {
    id: `${host}/backup-metadata`,
    phase: 'configure',
    host,
    node: null,
    title: `back up the metadata of ${from} (to go back to it if need be)`,
    after,
    action: { type: 'backup-metadata', dirs, version: from },
  };
}

function verifyVersionStep(endpoints: Endpoints, version: string, after: readonly string[]): Step {
  const { derived, endpoint } = endpoints;
  const processes = derived.topology.nodes.filter((n) => n.mode !== 'datanode' && n.mode !== 'computenode');
  return {
    id: 'verify-version',
    phase: 'verify',
    host: null,
    node: null,
    title: `check every node runs ${version}`,
    after,
    action: {
      type: 'verify-version',
      version,
      controllers: derived.controllers.map(endpoint),
      processes: processes.map(endpoint),
      workers: derived.workers.map((n) => n.alias),
    },
  };
}
