import type { AdminLogin } from './node-api/admin-login.js';
import type { Executor } from './executor.js';

/** What the tasks share during one run of a plan. */
export type DeployContext = {
  /** The executor of a host (created once per host, connected on first use). */
  readonly executor: (host: string) => Executor;
  /** sha256 of the local package file (computed once, on first need). */
  readonly localChecksum: (path: string) => Promise<string>;
  /**
   * For a URL package that a host cannot download itself: ddb-setup's own copy, downloaded once per
   * run and shared by every such host.
   */
  readonly localCopyOf: (url: string) => Promise<string>;
  /**
   * For a swarm host that has not got the image and cannot pull it: a `docker save` of it from this
   * machine's engine, made once per run.
   */
  readonly localImage: (image: string) => Promise<string>;
  /** Suffix of backups made in this run: `.bak-<stamp>`. */
  readonly stamp: string;
  /** The DolphinDB administrator's login for startDataNode and stopDataNode (in memory only). */
  readonly admin: AdminLogin;
  /** How long a node may take to come up (the docs say 30 s to 1 min), and the cluster to settle. */
  readonly startTimeoutMs: number;
  /** Checksums of archives placed on each host in this run, for the unpack step's stamp. */
  readonly archiveChecksums: Map<string, string>;
};
