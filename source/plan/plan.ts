import type { DeploymentMode } from '../model/topology.js';
import type { ChangeAction } from './change-actions.js';
import type { RenderedFile } from '../render/render-files.js';

/**
 * Where the server package comes from. A local file is uploaded; a URL is downloaded by each host
 * that can reach it, or once by ddb-setup and uploaded to the hosts that cannot (intranet clusters).
 */
export type PackageSource =
  | { readonly kind: 'file'; readonly path: string; readonly fileName: string }
  | { readonly kind: 'url'; readonly url: string; readonly fileName: string };

/** The stages of a deployment, in order; the progress panes group steps by them. */
export const phases = [
  'prepare',
  'package',
  'configure',
  'start-controllers',
  'elect',
  'start-agents',
  'start-workers',
  'verify',
  'stop-workers',
  'stop-agents',
  'stop-controllers',
  'remove',
] as const;
export type Phase = (typeof phases)[number];

/** A DolphinDB process the engine talks to over the binary API. */
export type NodeEndpoint = {
  readonly alias: string;
  readonly host: string;
  /** Address the cluster uses (`localSite`); the engine tunnels through the host when unreachable. */
  readonly address: string;
  readonly port: number;
};

/**
 * What a step does. Every action is idempotent: it checks the host's real state first. Each kind
 * is described and carried out by its own file in deploy/tasks/ (registered in tasks.ts there).
 */
export type StepAction =
  | ChangeAction
  /** Creates the cluster directory with ddb-setup's marker, or refuses a directory it did not create. */
  | {
      readonly type: 'prepare-host';
      readonly cluster: string;
      readonly clusterDir: string;
      readonly dirs: readonly string[];
    }
  /** Puts the package archive at `archive`, unless `serverDir` already holds that package. */
  | {
      readonly type: 'transfer-package';
      readonly source: PackageSource;
      readonly archive: string;
      readonly serverDir: string;
    }
  /** Unpacks the archive's `server/` into `serverDir` and records the archive's checksum there. */
  | { readonly type: 'unpack-package'; readonly archive: string; readonly serverDir: string }
  /** Installs the licence file (mode 0600), keeping the package's own as `dolphindb.lic.package`. */
  | { readonly type: 'install-license'; readonly localPath: string; readonly target: string }
  /**
   * Without `server.license`: copies the licence the running version uses into the new version's
   * directory, keeping the package's own as `dolphindb.lic.package` (facts §12.2 step 4: an upgrade
   * replaces the server files except `dolphindb.lic`).
   */
  | { readonly type: 'carry-license'; readonly from: string; readonly target: string }
  /** Writes files whose contents differ, backing up any different existing file first. */
  | { readonly type: 'write-files'; readonly files: readonly RenderedFile[] }
  /**
   * Records the topology just applied on the host (model/layout.ts `appliedTopologyFile`), after
   * the cluster was verified: what `plan` later compares a changed file against.
   */
  | { readonly type: 'record-topology'; readonly path: string; readonly contents: string }
  /** Runs a node's start.sh and waits until its port answers. */
  | {
      readonly type: 'start-node';
      readonly node: NodeEndpoint;
      readonly script: string;
      readonly logFile: string;
    }
  /** Waits until the controllers agree on a leader (Raft) or the one controller answers. */
  | { readonly type: 'await-leader'; readonly controllers: readonly NodeEndpoint[]; readonly raft: boolean }
  /** Asks the leader to start data and compute nodes (`startDataNode`) and waits until they are up. */
  | {
      readonly type: 'start-workers';
      readonly controllers: readonly NodeEndpoint[];
      readonly workers: readonly NodeEndpoint[];
    }
  /** Stops data and compute nodes through the leader (`stopDataNode`) and waits until they are down. */
  | {
      readonly type: 'stop-workers';
      readonly controllers: readonly NodeEndpoint[];
      readonly workers: readonly NodeEndpoint[];
      /**
       * destroy: with no leader to ask (the controllers stopped by an earlier destroy), the ones
       * still running are left to the removal on their hosts, which stops what still runs from
       * the cluster directory itself, instead of failing the step.
       */
      readonly leftToHosts?: boolean;
    }
  /**
   * Runs a node's stop.sh: SIGTERM, then waits for the process to exit. With `scriptMayBeGone`
   * (destroy), a stop.sh already removed means an earlier destroy stopped the node and removed it.
   */
  | {
      readonly type: 'stop-node';
      readonly node: NodeEndpoint;
      readonly script: string;
      readonly scriptMayBeGone?: boolean;
    }
  /**
   * Makes the host a member of the deployment's swarm: on the manager `docker swarm init` unless it
   * manages one already; elsewhere `docker swarm join` with a worker token read from the manager
   * (never shown or recorded). A host in another swarm is refused, never changed.
   */
  | {
      readonly type: 'join-swarm';
      readonly role: 'manager' | 'worker';
      /** The address the host advertises (its intranet address). */
      readonly address: string;
      readonly manager: { readonly host: string; readonly address: string };
      /** The directory of ddb-setup's marker on the host: a swarm formed or joined here is recorded in it, for destroy. */
      readonly markerDir: string;
    }
  /**
   * Runs the rendered network script on the manager: creates the overlay, or keeps a matching one.
   * A network it created is recorded in the manager's marker (in `markerDir`), for destroy.
   */
  | {
      readonly type: 'create-network';
      readonly network: string;
      readonly script: string;
      readonly markerDir: string;
    }
  /**
   * Makes the image present on the host: kept when there, else loaded from `archive` (sent once,
   * checksum verified), else pulled by the host, else sent from this machine's own engine.
   */
  | {
      readonly type: 'load-image';
      readonly image: string;
      /** `swarm.imageArchive`, resolved: a local `docker save` tar or tar.gz. */
      readonly archive: { readonly path: string; readonly fileName: string } | undefined;
      /** Where an archive is put on the host before `docker load` (removed after). */
      readonly remoteArchive: string;
    }
  /** Runs a container's script (`docker run`, or `docker start` when it exists) and waits for its node. */
  | {
      readonly type: 'start-container';
      readonly node: NodeEndpoint;
      readonly container: string;
      readonly script: string;
      readonly logFile: string;
    }
  /** `docker stop` with time for a graceful exit (SIGTERM first). */
  | { readonly type: 'stop-container'; readonly node: NodeEndpoint; readonly container: string }
  /**
   * Waits until the leader's `getClusterChunksStatus()` shows every chunk COMPLETE (`complete`,
   * before a server of a rolling upgrade stops) or none RECOVERING (`not-recovering`, after it is
   * back): facts §12.2 steps 1 and 5.
   */
  | {
      readonly type: 'await-chunks';
      readonly controllers: readonly NodeEndpoint[];
      readonly until: 'complete' | 'not-recovering';
    }
  /**
   * Copies each metadata directory to `<dir>_BAK-<version>` (facts §12.2 step 3) once: a backup
   * already there is the one taken before the first attempt and is kept.
   */
  | { readonly type: 'backup-metadata'; readonly dirs: readonly string[]; readonly version: string }
  /**
   * Checks every node runs `version`: `pnodeRun(version)` on the leader for data and compute nodes
   * (facts §12.2 step 6), `version()` on each controller and agent (or the single node).
   */
  | {
      readonly type: 'verify-version';
      readonly version: string;
      readonly controllers: readonly NodeEndpoint[];
      readonly processes: readonly NodeEndpoint[];
      readonly workers: readonly string[];
    }
  /**
   * After a new licence file is in place: `updateLicense()` on every node whose licence differs
   * (facts §5 online update); when a node refuses it, every node is restarted one at a time.
   */
  | {
      readonly type: 'apply-license';
      readonly localPath: string;
      readonly controllers: readonly NodeEndpoint[];
      /** Controllers, agents or the single node, each restarted with its scripts. */
      readonly processes: readonly {
        readonly node: NodeEndpoint;
        readonly start: string;
        readonly stop: string;
        readonly logFile: string;
      }[];
      readonly workers: readonly NodeEndpoint[];
    }
  /**
   * Removes what ddb-setup created on a host and nothing else (destroy): its files at the paths it
   * writes them, the package files it unpacked (each server directory lists them), its leftovers,
   * then the directories it made that are left empty. Data directories only with `data`. The
   * marker goes last, with the directory that holds it, and only when nothing else is left there.
   */
  | ({ readonly type: 'remove-created' } & RemoveCreated)
  /** Removes a container ddb-setup made (destroy): only one that mounts this deployment's configs. */
  | { readonly type: 'remove-container'; readonly container: string; readonly cfgDir: string }
  /** Removes the overlay network, when the manager's marker says ddb-setup created it (destroy). */
  | { readonly type: 'remove-network'; readonly network: string; readonly markerDir: string }
  /**
   * Leaves the swarm, when the host's marker says ddb-setup joined (or formed) it there (destroy).
   * A worker leaves and the manager forgets it; the manager leaves last, only when no other node
   * or service is left in its swarm.
   */
  | {
      readonly type: 'leave-swarm';
      readonly role: 'manager' | 'worker';
      /** The directory of the host's marker, which says whether ddb-setup joined or formed the swarm. */
      readonly markerDir: string;
      /** The manager's host: it forgets a worker that left. */
      readonly manager: string;
    }
  /** Reads the cluster's state and checks every node is up and a leader exists. */
  | {
      readonly type: 'verify';
      /** A single node has no cluster to ask: it is checked with `version()`. */
      readonly single: boolean;
      readonly controllers: readonly NodeEndpoint[];
      readonly expected: readonly string[];
    };

/** What a `remove-created` step removes on one host (plan/sequences/remove.ts builds it). */
export type RemoveCreated = {
  readonly cluster: string;
  /** The directory that holds ddb-setup's marker: nothing is touched unless it carries the marker. */
  readonly root: string;
  /** Files ddb-setup writes (configs, scripts, the licence), each with its backups and partial copies. */
  readonly files: readonly string[];
  /** `<root>/server`: every unpacked package there lists its own files (`.ddb-setup-files`). */
  readonly packageDir?: string;
  /** The package archive of a transfer that never got unpacked, and its partial download. */
  readonly archives: readonly string[];
  /** Directories ddb-setup made, removed when left empty, deepest first. */
  readonly dirs: readonly string[];
  /** Each process's or container's own directory: DolphinDB's data, metadata, Raft log, logs. */
  readonly dataDirs: readonly string[];
  /** Remove `dataDirs` too (`destroy --data`); kept otherwise. */
  readonly data: boolean;
};

/** One step of the plan. */
export type Step = {
  /** Stable id, e.g. `P1/package` or `start/controller1`. */
  readonly id: string;
  readonly phase: Phase;
  /** The host it runs on; null for a cluster-wide step (run against the controllers). */
  readonly host: string | null;
  /** The DolphinDB process it concerns, if one. */
  readonly node: string | null;
  readonly title: string;
  readonly action: StepAction;
  /** Steps that must have succeeded first. */
  readonly after: readonly string[];
};

/** The kinds of step, one per file in deploy/tasks/. */
export type StepKind = StepAction['type'];

/** The action of one kind of step. */
export type ActionOf<K extends StepKind> = Extract<StepAction, { readonly type: K }>;

/** A plan of an operation (deploy, start, stop…): data, printed by `plan`, run by the engine. */
export type Plan = {
  readonly cluster: string;
  readonly mode: DeploymentMode;
  readonly version: string;
  readonly hosts: readonly string[];
  /** The server package the plan transfers; absent when it transfers none (start, stop; an image). */
  readonly packageSource?: PackageSource;
  readonly steps: readonly Step[];
};
