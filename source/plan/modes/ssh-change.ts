import { createHash } from 'node:crypto';
import { hostLayout } from '../../model/layout.js';
import type { Topology, TopologyNode } from '../../model/topology.js';
import { differenceOf } from '../difference/difference.js';
import { endpointsOf, type Endpoints } from '../endpoints.js';
import type { PlanInput } from '../mode-planner.js';
import type { PackageSource, Plan, Step } from '../plan.js';
import { planBuilder, type PlanBuilder } from '../plan-builder.js';
import { filesStep } from '../sequences/host-steps.js';
import { addRecordApplied, appliedTopologyText, clusterDirOf } from '../sequences/record-applied.js';
import { addStartSequence } from '../sequences/start.js';
import { addStopSequence } from '../sequences/stop.js';
import type { ProcessSteps } from './ssh-upgrade.js';
import { addHostPreparation } from './ssh-hosts.js';
import { scriptedProcess } from './ssh-process.js';

/** How the SSH modes start and stop a process, for a topology's own layout (ssh.ts). */
export type ProcessStepsOf = (topology: Topology, endpoints: Endpoints) => ProcessSteps;

/**
 * The plan that changes a running cluster deployed as `applied` into `input.topology` (facts §12),
 * each change the least disruptive documented way:
 * - controllers added, moved or removed (seed 003): everything stops, config directories are
 *   backed up, moved controllers' directories copied to their new servers, every file written, all
 *   started; the databases are counted before and checked after;
 * - otherwise online: removed data and compute nodes stopped through the leader (a data node only
 *   when it holds no chunk), every file written (cluster.nodes identical on every controller), new
 *   agents started, new nodes added with addNode on the leader and started, and the processes
 *   whose config keys changed restarted one at a time.
 * Ends, as a deployment does, by recording the topology it applied.
 */
export function changePlan(
  input: PlanInput & { readonly packageSource: PackageSource },
  applied: Topology,
  processesOf: ProcessStepsOf,
): Plan {
  const { topology } = input;
  const after = endpointsOf(topology);
  const before = endpointsOf(applied);
  const builder = planBuilder();
  const changes = differenceOf(applied, topology);
  const migrates = changes.some((c) => c.kind === 'controllers-changed' || c.kind === 'mode-changed');
  const last = migrates
    ? addMigration(builder, input, before, after, processesOf)
    : addOnlineChange(
        builder,
        input,
        before,
        after,
        processesOf,
        changes.flatMap((c) => c.restarts ?? []),
      );
  addRecordApplied(builder, topology, after.derived.usedHosts, clusterDirOf(after), last);
  const hosts = [...new Set([...after.derived.usedHosts, ...before.derived.usedHosts])];
  return builder.plan(
    topology,
    topology.hosts.map((h) => h.name).filter((h) => hosts.includes(h)),
    input.packageSource,
  );
}

/** Workers of `a` that `b` lacks (by alias). */
function missingFrom(a: readonly TopologyNode[], b: Topology): TopologyNode[] {
  return a.filter((node) => !b.nodes.some((other) => other.alias === node.alias));
}

function addOnlineChange(
  builder: PlanBuilder,
  input: PlanInput & { readonly packageSource: PackageSource },
  before: Endpoints,
  after: Endpoints,
  processesOf: ProcessStepsOf,
  restarts: readonly string[],
): string[] {
  const { topology } = input;
  const controllers = after.derived.controllers.map(after.endpoint);
  // Removals first, before anything is written: a data node that holds a chunk refuses the step
  // (and the gate refused the run before it started).
  const removedWorkers = missingFrom(before.derived.workers, topology);
  const removed =
    removedWorkers.length === 0
      ? []
      : [
          builder.add({
            id: 'remove-workers',
            phase: 'stop-workers',
            host: null,
            node: null,
            title: `stop the removed ${removedWorkers.map((n) => n.alias).join(', ')}`,
            after: [],
            action: {
              type: 'remove-workers',
              controllers,
              workers: removedWorkers.map(before.endpoint),
              dataNodes: removedWorkers.filter((n) => n.mode === 'datanode').map((n) => n.alias),
            },
          }),
        ];
  const oldProcesses = processesOf(before.derived.topology, before);
  const removedAgents = missingFrom(before.derived.agents, topology).map((node) =>
    builder.add(oldProcesses.stop(node, 'stop-agents', removed)),
  );
  const ready = addHostPreparation(builder, input, after.derived, true, [...removed, ...removedAgents]);
  const added = after.derived.workers.filter(
    (node) => !before.derived.topology.nodes.some((old) => old.alias === node.alias),
  );
  const processes = processesOf(topology, after);
  addStartSequence(builder, topology, after, (host) => ready.get(host) ?? [], processes.start, {
    beforeWorkers: (agentStarts) =>
      added.length === 0
        ? []
        : [
            builder.add({
              id: 'add-nodes',
              phase: 'start-workers',
              host: null,
              node: null,
              title: `add ${added.map((n) => n.alias).join(', ')} to the cluster`,
              after: agentStarts,
              action: {
                type: 'add-nodes',
                controllers,
                nodes: added.map((node) => ({
                  node: after.endpoint(node),
                  mode: node.mode === 'computenode' ? 'computenode' : 'datanode',
                })),
              },
            }),
          ],
  });
  return addRestarts(builder, input, after, [...new Set(restarts)], ['verify']);
}

/**
 * The processes whose config changed, one at a time in the start order (controllers, agents, data
 * and compute nodes), each after the one before it.
 */
function addRestarts(
  builder: PlanBuilder,
  input: PlanInput,
  endpoints: Endpoints,
  aliases: readonly string[],
  first: readonly string[],
): string[] {
  const { derived, endpoint } = endpoints;
  const controllers = derived.controllers.map(endpoint);
  let previous = [...first];
  const ordered = [
    ...input.topology.nodes.filter((n) => n.mode === 'single'),
    ...derived.controllers,
    ...derived.agents,
    ...derived.workers,
  ].filter((node) => aliases.includes(node.alias));
  for (const node of ordered) {
    const step: Step =
      node.mode === 'datanode' || node.mode === 'computenode'
        ? {
            id: `restart/${node.alias}`,
            phase: 'start-workers',
            host: null,
            node: node.alias,
            title: `restart ${node.mode} ${node.alias} to read its new configuration`,
            after: previous,
            action: {
              type: 'restart-worker',
              controllers,
              worker: endpoint(node),
              dataNode: node.mode === 'datanode',
            },
          }
        : {
            id: `restart/${node.alias}`,
            phase: node.mode === 'agent' ? 'start-agents' : 'start-controllers',
            host: node.host,
            node: node.alias,
            title: `restart ${node.mode} ${node.alias} to read its new configuration`,
            after: previous,
            action: {
              type: 'restart-node',
              role: node.mode === 'agent' ? 'agent' : node.mode === 'single' ? 'single' : 'controller',
              process: scriptedProcess(endpoints, node),
              controllers,
              raft: derived.raft,
              configFiles: input.files
                .filter(
                  (f) =>
                    f.host === node.host &&
                    f.node === node.alias &&
                    f.kind !== 'start.sh' &&
                    f.kind !== 'stop.sh',
                )
                .map((f) => f.path),
            },
          };
    previous = [builder.add(step)];
  }
  return previous;
}

/**
 * Controllers added, moved or removed (seed 003 done correctly): the new servers are prepared and
 * given the package while the cluster still runs; then the databases are counted, everything
 * stops, each config directory is backed up, the moved controllers' directories are copied to
 * their new servers, every file is written, everything starts, and the databases are checked.
 */
function addMigration(
  builder: PlanBuilder,
  input: PlanInput & { readonly packageSource: PackageSource },
  before: Endpoints,
  after: Endpoints,
  processesOf: ProcessStepsOf,
): string[] {
  const { topology } = input;
  const applied = before.derived.topology;
  const tag = `change-${createHash('sha256').update(appliedTopologyText(topology)).digest('hex').slice(0, 8)}`;
  const ready = addHostPreparation(builder, input, after.derived, false);
  const prepared = [...ready.values()].flat();
  const keeper = before.derived.controllers.find((c) => topology.nodes.some((n) => n.alias === c.alias));
  const recordHost = keeper?.host ?? before.derived.usedHosts[0] ?? '';
  const record = `${hostLayout(applied, before.derived.hostsByName.get(recordHost)).clusterDir}/.ddb-setup-${tag}-databases.json`;
  const via = before.derived.workers.map(before.endpoint);
  const snapshot = builder.add({
    id: 'snapshot-databases',
    phase: 'prepare',
    host: recordHost,
    node: null,
    title: 'count every database and table before the cluster stops',
    after: [],
    action: {
      type: 'snapshot-databases',
      controllers: before.derived.controllers.map(before.endpoint),
      via,
      host: recordHost,
      record,
    },
  });
  // Each moved controller's directory is copied once early, while the cluster still runs, so that
  // once it has stopped only what changed since travels: the downtime does not grow with its size.
  const moves = after.derived.controllers.flatMap((node) => {
    const old = before.derived.controllers.find((c) => c.alias === node.alias);
    if (!old) return [];
    const from = hostLayout(applied, before.derived.hostsByName.get(old.host)).nodeDir(old.alias);
    const to = hostLayout(topology, after.derived.hostsByName.get(node.host)).nodeDir(node.alias);
    return old.host === node.host && from === to
      ? []
      : [{ node, from: { host: old.host, dir: from }, to: { host: node.host, dir: to } }];
  });
  const seeds = moves.map(({ node, from, to }) =>
    builder.add({
      id: `seed/${node.alias}`,
      phase: 'package',
      host: node.host,
      node: node.alias,
      title: `copy ${node.alias}'s directories from ${from.host} early, while it runs`,
      after: ready.get(node.host) ?? [],
      action: { type: 'copy-node-dir', alias: node.alias, from, to, seed: true },
    }),
  );
  const oldProcesses = processesOf(applied, before);
  const stops = addStopSequence(builder, applied, before, undefined, oldProcesses.stop, {
    first: [...prepared, snapshot, ...seeds],
  }).map((stop) => stop.id);
  const afterHost = new Map<string, string[]>();
  const push = (host: string, id: string) => afterHost.set(host, [...(afterHost.get(host) ?? []), id]);
  for (const host of before.derived.usedHosts) {
    const layout = hostLayout(applied, before.derived.hostsByName.get(host));
    const dirs = applied.nodes
      .filter((n) => n.host === host && n.mode !== 'datanode' && n.mode !== 'computenode')
      .map((n) => layout.configDir(n.alias));
    push(
      host,
      builder.add({
        id: `${host}/backup-configs`,
        phase: 'configure',
        host,
        node: null,
        title: `back up ${dirs.length === 1 ? 'the config directory' : `${dirs.length} config directories`}`,
        after: stops,
        action: { type: 'backup-configs', dirs, tag },
      }),
    );
  }
  for (const { node, from, to } of moves)
    push(
      node.host,
      builder.add({
        id: `copy/${node.alias}`,
        phase: 'configure',
        host: node.host,
        node: node.alias,
        title: `copy ${node.alias}'s Raft and metadata directories from ${from.host}`,
        after: [...stops, ...(ready.get(node.host) ?? [])],
        action: { type: 'copy-node-dir', alias: node.alias, from, to },
      }),
    );
  const written = new Map<string, string[]>();
  for (const host of after.derived.usedHosts) {
    const files = filesStep(host, input.files, [
      ...stops,
      ...(ready.get(host) ?? []),
      ...(afterHost.get(host) ?? []),
    ]);
    written.set(host, [...(ready.get(host) ?? []), ...(files ? [builder.add(files)] : [])]);
  }
  const processes = processesOf(topology, after);
  addStartSequence(builder, topology, after, (host) => written.get(host) ?? [], processes.start);
  const verified = builder.add({
    id: 'verify-databases',
    phase: 'verify',
    host: recordHost,
    node: null,
    title: 'check every database and table is there with its rows',
    after: ['verify'],
    action: {
      type: 'verify-databases',
      controllers: after.derived.controllers.map(after.endpoint),
      via: after.derived.workers.map(after.endpoint),
      host: recordHost,
      record,
    },
  });
  return [verified];
}
