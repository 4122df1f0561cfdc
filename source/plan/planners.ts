import type { DeploymentMode, Topology } from '../model/topology.js';
import type { RenderedFile } from '../render/render-files.js';
import { sshPlanner } from './modes/ssh.js';
import { swarmPlanner } from './modes/swarm.js';
import type { Endpoints } from './endpoints.js';
import { licensePathOf } from './package-source.js';
import type { ModePlanner, Operation, PlanInput } from './mode-planner.js';
import type { Plan } from './plan.js';
import type { UpgradeFrom } from './upgrade-from.js';

/** Every mode's planner. A mode missing here does not compile. */
const planners: { readonly [M in DeploymentMode]: ModePlanner } = {
  single: sshPlanner,
  cluster: sshPlanner,
  'pseudo-ha': sshPlanner,
  ha: sshPlanner,
  swarm: swarmPlanner,
};

/** The planner of a mode: the one place that knows how each mode is carried out. */
export function plannerOf(mode: DeploymentMode): ModePlanner {
  return planners[mode];
}

/**
 * The plan of an operation on a topology read from a file in `baseDir`, against which
 * `server.package` and `server.license` are resolved: what `plan`, `deploy`, `start`, `stop`,
 * `destroy` and the wizard all run.
 */
export function planOperation(
  operation: Operation,
  topology: Topology,
  files: readonly RenderedFile[],
  baseDir: string,
  options: { readonly node?: string | undefined; readonly data?: boolean } = {},
): Plan {
  const planner = plannerOf(topology.mode);
  return planner[operation]({
    topology,
    files,
    packageSource: planner.packageSource(topology, baseDir),
    licensePath: licensePathOf(topology, baseDir),
    baseDir,
    ...(options.node !== undefined ? { node: options.node } : {}),
    ...(options.data ? { data: true } : {}),
  });
}

/**
 * The plan that moves the cluster from what its hosts run (`from`, read there) to the topology's
 * version; undefined in a mode that has no such plan (swarm).
 */
export function planUpgrade(
  topology: Topology,
  files: readonly RenderedFile[],
  baseDir: string,
  from: UpgradeFrom,
): Plan | undefined {
  const planner = plannerOf(topology.mode);
  return planner.upgrade?.(inputOf(planner, topology, files, baseDir), from);
}

/** The deployment plan of a topology (planOperation's `deploy`). */
export function planTopology(topology: Topology, files: readonly RenderedFile[], baseDir: string): Plan {
  return planOperation('deploy', topology, files, baseDir);
}

/** Where the engine reaches each node of the topology, as its mode runs them. */
export function nodeEndpointsOf(topology: Topology): Endpoints {
  return plannerOf(topology.mode).endpoints(topology);
}

/**
 * The plan that changes a running cluster deployed as `applied` into `topology`; undefined in a
 * mode that has no such plan (swarm).
 */
export function planChange(
  topology: Topology,
  files: readonly RenderedFile[],
  baseDir: string,
  applied: Topology,
): Plan | undefined {
  const planner = plannerOf(topology.mode);
  return planner.change?.(inputOf(planner, topology, files, baseDir), applied);
}

/** What a planner gets for the whole topology: its files, and the package and licence it names. */
function inputOf(
  planner: ModePlanner,
  topology: Topology,
  files: readonly RenderedFile[],
  baseDir: string,
): PlanInput {
  return {
    topology,
    files,
    packageSource: planner.packageSource(topology, baseDir),
    licensePath: licensePathOf(topology, baseDir),
    baseDir,
  };
}
