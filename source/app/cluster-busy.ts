// No imports: the CLI's entry point loads this to map the refusal to its exit code, and must stay light.

/** Who holds a cluster's lock, as its holder recorded it on the host. */
export type LockHolder = {
  readonly host: string;
  readonly machine: string;
  readonly pid: number;
  readonly user: string;
  readonly command: string;
  readonly since: string;
  /** Seconds since the holder's last heartbeat. */
  readonly silentFor: number;
  readonly token: string;
};

/** Another run holds the cluster (or the lock cannot be taken): nothing was changed. */
export class ClusterBusy extends Error {
  constructor(
    message: string,
    readonly holder?: LockHolder,
  ) {
    super(message);
  }
}
