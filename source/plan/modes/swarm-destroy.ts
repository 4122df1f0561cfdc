import { appliedTopologyFile, swarmLayout } from '../../model/layout.js';
import { buildSiteBook } from '../../model/sites.js';
import type { SwarmSection } from '../../model/topology.js';
import type { Endpoints } from '../endpoints.js';
import type { PlanInput } from '../mode-planner.js';
import type { Plan } from '../plan.js';
import { planBuilder } from '../plan-builder.js';
import { removeStep } from '../sequences/remove.js';
import { addStopSequence, type StopProcess } from '../sequences/stop.js';

/**
 * Destroy in mode swarm: each container stopped gracefully (the stop order), then removed; once all
 * are gone the overlay network (only one ddb-setup created); then every worker leaves the swarm
 * where ddb-setup joined it, the manager last (only a swarm ddb-setup formed, and only when nothing
 * else is in it); last, on each host, the files ddb-setup wrote under `swarm.dataDir`.
 */
export function swarmDestroyPlan(
  input: PlanInput,
  swarm: SwarmSection,
  endpoints: Endpoints,
  stopContainer: StopProcess,
): Plan {
  const { topology } = input;
  const { derived } = endpoints;
  const layout = swarmLayout(swarm.dataDir);
  const book = buildSiteBook(derived);
  const builder = planBuilder();
  // Data nodes left without a leader stop with their agent's container.
  const stops = addStopSequence(builder, topology, endpoints, undefined, stopContainer, {
    leftToHosts: true,
  });
  const workersStopped = stops.filter((stop) => stop.host === null).map((stop) => stop.id);
  const removedOn = new Map<string, string[]>();
  for (const container of book.containers) {
    const id = builder.add({
      id: `${container.host}/rm/${container.name}`,
      phase: 'remove',
      host: container.host,
      node: container.main.alias,
      title: `remove container ${container.name}`,
      // Its own node stopped, and the data and compute nodes it runs.
      after: [`stop/${container.main.alias}`, ...workersStopped],
      action: { type: 'remove-container', container: container.name, cfgDir: layout.cfgDir },
    });
    removedOn.set(container.host, [...(removedOn.get(container.host) ?? []), id]);
  }
  const allRemoved = [...removedOn.values()].flat();
  const network = builder.add({
    id: 'network/remove',
    phase: 'remove',
    host: swarm.manager,
    node: null,
    title: `remove overlay network ${swarm.network.name} (if ddb-setup created it)`,
    after: allRemoved,
    action: { type: 'remove-network', network: swarm.network.name, markerDir: layout.root },
  });
  const leave = (host: string, after: readonly string[]) =>
    builder.add({
      id: `${host}/leave`,
      phase: 'remove',
      host,
      node: null,
      title: `leave the swarm (if ddb-setup ${host === swarm.manager ? 'formed' : 'joined'} it here)`,
      after,
      action: {
        type: 'leave-swarm',
        role: host === swarm.manager ? 'manager' : 'worker',
        markerDir: layout.root,
        manager: swarm.manager,
      },
    });
  const workers = derived.usedHosts.filter((host) => host !== swarm.manager);
  const left = new Map(workers.map((host) => [host, leave(host, [network])]));
  left.set(swarm.manager, leave(swarm.manager, [network, ...left.values()]));
  for (const host of derived.usedHosts) {
    const containers = book.containers.filter((container) => container.host === host);
    // With the applied topology deploy records last (record-applied.ts) in the marker's directory.
    const files = [
      ...input.files.filter((file) => file.host === host).map((file) => file.path),
      `${layout.root}/${appliedTopologyFile}`,
    ];
    builder.add(
      removeStep(
        host,
        {
          cluster: topology.name,
          root: layout.root,
          files: input.licensePath !== undefined ? [...files, layout.licenseFile] : files,
          archives: [],
          dirs: [layout.cfgDir, layout.scriptDir, `${layout.root}/cluster`],
          dataDirs: containers.map((container) => layout.containerDir(container.name)),
          data: input.data === true,
        },
        // The marker says what to leave: it goes only after the host left.
        [...(removedOn.get(host) ?? []), left.get(host) ?? network],
      ),
    );
  }
  return builder.plan(topology, derived.usedHosts);
}
