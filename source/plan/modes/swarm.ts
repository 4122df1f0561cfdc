import { basename, isAbsolute, resolve } from 'node:path';
import { swarmLayout } from '../../model/layout.js';
import { buildSiteBook } from '../../model/sites.js';
import { containerOf, type Container } from '../../model/swarm-network.js';
import type { SwarmSection, Topology } from '../../model/topology.js';
import { publishedEndpointsOf, type Endpoints } from '../endpoints.js';
import type { ModePlanner, PlanInput } from '../mode-planner.js';
import { planBuilder, type PlanBuilder } from '../plan-builder.js';
import { filesStep, licenseStep, prepareStep } from '../sequences/host-steps.js';
import { addRecordApplied } from '../sequences/record-applied.js';
import { addStartSequence, processStep, startPlan, type StartProcess } from '../sequences/start.js';
import { stopPlan, type StopProcess } from '../sequences/stop.js';
import { swarmDestroyPlan } from './swarm-destroy.js';

/**
 * Mode swarm (seeds 000 and 004): every controller in a container of its own and every agent in a
 * container with its host's data and compute nodes, on an attachable overlay network with fixed
 * addresses. A deployment forms (or reuses) the swarm, creates the network, makes the image present
 * on every host, writes the configs and container scripts, then starts the containers in the same
 * order as the other modes: controllers, a leader, agents, data and compute nodes through the leader.
 * The engine reaches each node at the port its container publishes on its host. Destroy stops the
 * containers in the same order, removes them, then the network, then leaves the swarm where
 * ddb-setup joined it, and removes the files it wrote.
 */
export const swarmPlanner: ModePlanner = {
  // The image brings the server: no package is transferred (an image archive is not a package).
  packageSource: () => undefined,
  endpoints: publishedEndpointsOf,
  deploy(input) {
    const { topology } = input;
    const swarm = swarmOf(topology);
    const endpoints = publishedEndpointsOf(topology);
    const builder = planBuilder();
    const ready = addHostPreparation(builder, input, swarm, endpoints);
    addStartSequence(
      builder,
      topology,
      endpoints,
      (host) => ready.get(host) ?? [],
      startContainer(swarm, endpoints),
    );
    const root = swarmLayout(swarm.dataDir).root;
    addRecordApplied(builder, topology, endpoints.derived.usedHosts, () => root, ['verify']);
    return builder.plan(topology, endpoints.derived.usedHosts);
  },
  start(input) {
    const endpoints = publishedEndpointsOf(input.topology);
    return startPlan(
      input.topology,
      endpoints,
      input.node,
      startContainer(swarmOf(input.topology), endpoints),
    );
  },
  stop(input) {
    const endpoints = publishedEndpointsOf(input.topology);
    return stopPlan(input.topology, endpoints, input.node, stopContainer(input.topology, endpoints));
  },
  destroy(input) {
    const endpoints = publishedEndpointsOf(input.topology);
    return swarmDestroyPlan(
      input,
      swarmOf(input.topology),
      endpoints,
      stopContainer(input.topology, endpoints),
    );
  },
};

/** A validated swarm topology has its section; planning one without is a programming error. */
function swarmOf(topology: Topology): SwarmSection {
  if (!topology.swarm) throw new Error('mode swarm needs its swarm section (validate the topology first)');
  return topology.swarm;
}

/**
 * Per host: swarm membership (the manager first, the others join it), the data directory with
 * ddb-setup's marker, the image, the licence, the config files and container scripts; on the manager
 * also the overlay network. Returns, per host, what its containers wait for.
 */
function addHostPreparation(
  builder: PlanBuilder,
  input: PlanInput,
  swarm: SwarmSection,
  { derived }: Endpoints,
): Map<string, string[]> {
  const { topology } = input;
  const layout = swarmLayout(swarm.dataDir);
  const book = buildSiteBook(derived);
  const manager = {
    host: swarm.manager,
    address: derived.hostsByName.get(swarm.manager)?.address ?? swarm.manager,
  };
  const archive = archiveOf(swarm, input.baseDir);
  // The manager first: its swarm exists before anyone joins it, and before its network is made.
  const hosts = [swarm.manager, ...derived.usedHosts.filter((host) => host !== swarm.manager)];
  const ready = new Map<string, string[]>();
  let managerFiles: string | undefined;
  for (const host of hosts) {
    const containers = book.containers.filter((container: Container) => container.host === host);
    const prepare = builder.add(
      prepareStep(host, topology.name, layout.root, [
        layout.cfgDir,
        layout.scriptDir,
        ...containers.flatMap((c) => [
          `${layout.containerDir(c.name)}/data`,
          `${layout.containerDir(c.name)}/log`,
        ]),
      ]),
    );
    const image = builder.add({
      id: `${host}/image`,
      phase: 'package',
      host,
      node: null,
      title: `image ${swarm.image}`,
      after: [prepare],
      action: {
        type: 'load-image',
        image: swarm.image,
        archive,
        remoteArchive: `${layout.root}/${archive?.fileName ?? 'image.tar'}.ddb-setup-image`,
      },
    });
    const role = host === swarm.manager ? 'manager' : 'worker';
    const joined = builder.add({
      id: `${host}/swarm`,
      phase: 'prepare',
      host,
      node: null,
      title: role === 'manager' ? 'form or reuse the swarm' : `join the swarm of ${swarm.manager}`,
      // After the host's image: forming a swarm (certificates, TLS) competes for the CPU that
      // encrypts the image uploads, which it would slow by a third on a small machine.
      after: role === 'manager' ? [image] : [`${swarm.manager}/swarm`, image],
      action: {
        type: 'join-swarm',
        role,
        address: derived.hostsByName.get(host)?.address ?? host,
        manager,
        markerDir: layout.root,
      },
    });
    const hostReady = [joined, image];
    if (input.licensePath !== undefined)
      hostReady.push(builder.add(licenseStep(host, input.licensePath, layout.licenseFile, [prepare])));
    const files = filesStep(host, input.files, [prepare]);
    if (files) hostReady.push(builder.add(files));
    if (host === swarm.manager) managerFiles = files?.id;
    ready.set(host, hostReady);
  }
  // The network script is one of the manager's files.
  const network = builder.add({
    id: 'network',
    phase: 'configure',
    host: swarm.manager,
    node: null,
    title: `overlay network ${swarm.network.name}`,
    after: [`${swarm.manager}/swarm`, ...(managerFiles ? [managerFiles] : [])],
    action: {
      type: 'create-network',
      network: swarm.network.name,
      script: layout.networkScript,
      markerDir: layout.root,
    },
  });
  for (const list of ready.values()) list.push(network);
  return ready;
}

/** `swarm.imageArchive`, resolved against the topology file's directory. */
function archiveOf(swarm: SwarmSection, baseDir: string): { path: string; fileName: string } | undefined {
  const given = swarm.imageArchive;
  if (given === undefined) return undefined;
  const path = isAbsolute(given) ? given : resolve(baseDir, given);
  return { path, fileName: basename(path) };
}

/** A controller's or agent's container started by its script, waited for until its port answers. */
function startContainer(swarm: SwarmSection, { derived, endpoint }: Endpoints): StartProcess {
  const layout = swarmLayout(swarm.dataDir);
  const book = buildSiteBook(derived);
  return (node, phase, after) => {
    const name = containerOf(book.containers, node)?.name ?? node.alias;
    const action = {
      type: 'start-container' as const,
      node: endpoint(node),
      container: name,
      script: layout.containerScript(name),
      logFile: `${layout.containerDir(name)}/log/${node.alias}.log`,
    };
    return processStep(
      'start',
      node,
      phase,
      after,
      action,
      `start ${node.mode} ${node.alias} (container ${name})`,
    );
  };
}

/** A container stopped with `docker stop`: SIGTERM, then time to exit. */
function stopContainer(topology: Topology, { derived, endpoint }: Endpoints): StopProcess {
  const book = buildSiteBook(derived);
  return (node, phase, after) =>
    processStep('stop', node, phase, after, {
      type: 'stop-container',
      node: endpoint(node),
      container: containerOf(book.containers, node)?.name ?? `${topology.name}_${node.alias}`,
    });
}
