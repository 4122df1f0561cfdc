/** How bad a pre-flight result is: an error stops a deployment, a warning needs a confirmation. */
export type CheckLevel = 'error' | 'warning' | 'ok';

/** The checks `ddb-setup check` runs; each result names one. */
export type CheckName =
  | 'ssh'
  | 'sudo'
  | 'platform'
  | 'commands'
  | 'directory'
  | 'disk'
  | 'port'
  | 'reachability'
  | 'memory'
  | 'open-files'
  | 'clock'
  | 'package'
  | 'license'
  | 'docker';

/**
 * A change on a host that would fix a finding, run only after the user saw these exact commands
 * and agreed. Never offered for a value the user typed (a port, a path in the topology).
 */
export type AutoFix = {
  readonly host: string;
  /** A POSIX sh script, shown verbatim before it runs. */
  readonly script: string;
  /** Needs root: run through `sudo` when the SSH user is not root. */
  readonly sudo: boolean;
};

/** One result of the pre-flight gate. */
export type CheckFinding = {
  readonly level: CheckLevel;
  /** The topology's host name; null for a result about the whole cluster (licence, clocks). */
  readonly host: string | null;
  readonly check: CheckName;
  readonly message: string;
  /** What to do, copy-pasteable where it is a command. Absent on `ok`. */
  readonly fix?: string;
  readonly autoFix?: AutoFix;
};

/** A result with its fix; an `ok` result carries none (there is nothing to do). */
export function finding(result: {
  readonly level: CheckLevel;
  readonly host: string | null;
  readonly check: CheckName;
  readonly message: string;
  readonly fix?: string | undefined;
}): CheckFinding {
  const { level, host, check, message, fix } = result;
  return { level, host, check, message, ...(fix !== undefined && level !== 'ok' ? { fix } : {}) };
}
