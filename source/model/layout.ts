import { deployDirOf } from './derive.js';
import type { Topology, TopologyHost } from './topology.js';

/**
 * Where a deployment lives on a host (docs/layout.md). Everything ddb-setup creates for a cluster is
 * under `<deployDir>/<name>/`:
 *
 *   server/<version>/      the package's server/ directory, unpacked once per host and version and
 *                          shared by that host's processes; never overwritten by an upgrade, which
 *                          unpacks a new version beside it (seed 002 §4)
 *   nodes/                 `-home` of every process: DolphinDB keeps each process's state in
 *                          `nodes/<alias>/` (Raft log, metadata, chunks), so one process is one
 *                          directory that can be moved to another server whole (seed 003)
 *   nodes/<alias>/config/  that process's config files, written by ddb-setup
 *   nodes/<alias>/log/     its log; start.sh and stop.sh beside them
 */
export type HostLayout = {
  readonly clusterDir: string;
  readonly serverDir: string;
  /** Where the transfer puts the package archive before it is unpacked (removed once unpacked). */
  readonly packageArchive: (fileName: string) => string;
  readonly homeDir: string;
  readonly nodeDir: (alias: string) => string;
  readonly configDir: (alias: string) => string;
  readonly logFile: (alias: string) => string;
};

/**
 * The topology a successful deploy applied, written beside ddb-setup's marker (`.ddb-setup`) in the
 * cluster directory (swarm: `swarm.dataDir`) of every host, so any machine can tell what is
 * deployed, not only the one holding the journal. Written last: a half-done deploy leaves the
 * previous one in place.
 */
export const appliedTopologyFile = '.ddb-setup-topology.yaml';

/** The layout on one host. */
export function hostLayout(topology: Topology, host: TopologyHost | undefined): HostLayout {
  const clusterDir = `${trimSlash(deployDirOf(topology, host))}/${topology.name}`;
  const homeDir = `${clusterDir}/nodes`;
  const nodeDir = (alias: string): string => `${homeDir}/${alias}`;
  return {
    clusterDir,
    serverDir: `${clusterDir}/server/${topology.server.version}`,
    packageArchive: (fileName) => `${clusterDir}/server/${fileName}`,
    homeDir,
    nodeDir,
    configDir: (alias) => `${nodeDir(alias)}/config`,
    logFile: (alias) => `${nodeDir(alias)}/log/${alias}.log`,
  };
}

/**
 * Swarm layout on a host (spec: swarm section; seed 000): `<dataDir>/cfg/` holds every container's
 * config, `<dataDir>/cluster/<container>/{data,log}` its state, `<dataDir>/dolphindb.lic` the licence.
 */
export type SwarmLayout = {
  /** `swarm.dataDir` itself: ddb-setup's marker lives here. */
  readonly root: string;
  readonly cfgDir: string;
  /** The container scripts and the network script. */
  readonly scriptDir: string;
  readonly licenseFile: string;
  readonly containerDir: (container: string) => string;
  readonly containerScript: (container: string) => string;
  readonly networkScript: string;
};

/** The swarm layout under `swarm.dataDir`. */
export function swarmLayout(dataDir: string): SwarmLayout {
  const root = trimSlash(dataDir);
  return {
    root,
    cfgDir: `${root}/cfg`,
    scriptDir: `${root}/containers`,
    licenseFile: `${root}/dolphindb.lic`,
    containerDir: (container) => `${root}/cluster/${container}`,
    containerScript: (container) => `${root}/containers/${container}.sh`,
    networkScript: `${root}/containers/network.sh`,
  };
}

/** Paths inside the official image (facts §8.1, seed 000). */
export const imagePaths = {
  server: '/data/ddb/server',
  config: '/data/ddb/server/clusterDemo/config',
  data: '/data/ddb/server/clusterDemo/data',
  log: '/data/ddb/server/clusterDemo/log',
  license: '/data/ddb/server/dolphindb.lic',
} as const;

function trimSlash(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, '') : path;
}
