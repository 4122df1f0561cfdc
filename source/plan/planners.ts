import type { DeploymentMode, Topology } from '../model/topology.js';
import type { RenderedFile } from '../render/render-files.js';
import { sshPlanner } from './modes/ssh.js';
import { swarmPlanner } from './modes/swarm.js';
import { endpointsOf, type Endpoints } from './endpoints.js';
import { licensePathOf } from './package-source.js';
import type { ModePlanner, NotPlannedYet, Operation } from './mode-planner.js';
import type { Plan } from './plan.js';

/** Every mode's planner. A mode missing here does not compile. */
const planners: { readonly [M in DeploymentMode]: ModePlanner | NotPlannedYet } = {
  single: sshPlanner,
  cluster: sshPlanner,
  'pseudo-ha': sshPlanner,
  ha: sshPlanner,
  swarm: swarmPlanner,
};

/** The planner of a mode, or undefined while this version cannot carry that mode out. */
export function plannerOf(mode: DeploymentMode): ModePlanner | undefined {
  const planner = planners[mode];
  return planner.planned ? planner : undefined;
}

/** Thrown for a mode this version cannot carry out yet (plannerOf says so without throwing). */
export class ModeNotPlanned extends Error {
  constructor(readonly mode: DeploymentMode) {
    super(`mode ${mode} cannot be carried out by this version yet: render or export its files`);
  }
}

/**
 * The plan of an operation on a topology read from a file in `baseDir`, against which
 * `server.package` and `server.license` are resolved: what `plan`, `deploy`, `start`, `stop` and
 * the wizard all run.
 */
export function planOperation(
  operation: Operation,
  topology: Topology,
  files: readonly RenderedFile[],
  baseDir: string,
  node?: string,
): Plan {
  const planner = plannerOf(topology.mode);
  if (!planner) throw new ModeNotPlanned(topology.mode);
  return planner[operation]({
    topology,
    files,
    packageSource: planner.packageSource(topology, baseDir),
    licensePath: licensePathOf(topology, baseDir),
    baseDir,
    ...(node !== undefined ? { node } : {}),
  });
}

/** The deployment plan of a topology (planOperation's `deploy`). */
export function planTopology(topology: Topology, files: readonly RenderedFile[], baseDir: string): Plan {
  return planOperation('deploy', topology, files, baseDir);
}

/** Where the engine reaches each node of the topology (endpointsOf for a mode not planned yet). */
export function nodeEndpointsOf(topology: Topology): Endpoints {
  return plannerOf(topology.mode)?.endpoints(topology) ?? endpointsOf(topology);
}
