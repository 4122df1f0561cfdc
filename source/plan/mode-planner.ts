import type { Topology } from '../model/topology.js';
import type { RenderedFile } from '../render/render-files.js';
import type { Endpoints } from './endpoints.js';
import type { PackageSource, Plan } from './plan.js';
import type { UpgradeFrom } from './upgrade-from.js';

/** The operations a plan can be built for; `ddb-setup <operation>` runs it. */
export type Operation = 'deploy' | 'start' | 'stop' | 'destroy';

/** What every planner gets: the topology, its rendered files and where local paths lead. */
export type PlanInput = {
  readonly topology: Topology;
  readonly files: readonly RenderedFile[];
  /** The server package to transfer, when the mode transfers one (ModePlanner.packageSource). */
  readonly packageSource: PackageSource | undefined;
  /** Local path of the licence to install, when `server.license` is set. */
  readonly licensePath: string | undefined;
  /** The topology file's directory, against which its other local paths resolve. */
  readonly baseDir: string;
  /** One process only (`start --node ALIAS`); absent, all of them. */
  readonly node?: string;
  /** destroy: also remove the data directories (`--data`). */
  readonly data?: boolean;
};

/**
 * How one deployment mode is carried out: a plan builder per operation, over the step kinds of
 * deploy/tasks/. Pure: the engine runs what these return.
 */
export type ModePlanner = {
  /** What the hosts receive as the server; undefined when nothing is transferred (an image). */
  readonly packageSource: (topology: Topology, baseDir: string) => PackageSource | undefined;
  /** Where the engine reaches each node's API (through the node's host), for status and the like. */
  readonly endpoints: (topology: Topology) => Endpoints;
  /**
   * The plan that moves a running cluster from the version its hosts run to the topology's;
   * absent in a mode whose server comes in an image (swarm: a new image is a new deployment).
   */
  readonly upgrade?: (input: PlanInput, from: UpgradeFrom) => Plan;
  /**
   * The plan that changes a running cluster deployed as `applied` (read from its hosts) into the
   * input's topology: nodes added or removed online, config keys rolled, controllers moved (facts
   * §12); absent in a mode that changes nothing of a running cluster (swarm).
   */
  readonly change?: (input: PlanInput, applied: Topology) => Plan;
} & { readonly [O in Operation]: (input: PlanInput) => Plan };
