/**
 * One difference between the topology deployed (read from the hosts) and the one in a file, with
 * how DolphinDB lets it be applied and what that costs the running cluster (facts §12).
 */
export type Change = {
  readonly kind:
    | 'node-added'
    | 'node-removed'
    | 'node-moved'
    | 'controllers-changed'
    | 'host-changed'
    | 'config-changed'
    | 'version-changed'
    | 'licence-changed'
    | 'package-changed'
    | 'mode-changed'
    | 'swarm-changed';
  /** What changed, in one line: `datanode4 added on P2 (10.0.0.81:8804)`. */
  readonly what: string;
  /** How it is applied while the cluster runs, where DolphinDB allows it. */
  readonly how: string;
  /** What it costs the running cluster: "online, no restart", "restarts datanode3", … */
  readonly cost: string;
  /**
   * Whether `deploy` applies it today. `false`: deploy refuses to run until the file no longer asks
   * for it, rather than rewrite cluster.nodes or move a process half way.
   */
  readonly deployApplies: boolean;
  /** config-changed: the processes that must restart to read it (aliases), one at a time. */
  readonly restarts?: readonly string[];
};

/**
 * Whether applying these changes takes the change plan (plan/modes/ssh-change.ts) rather than a
 * deployment's: nodes added or removed, controllers or the mode changed, or a config key that some
 * running process must restart to read. A new version is the upgrade's; a package or a licence
 * alone, the deployment's.
 */
export function needsChangePlan(changes: readonly Change[]): boolean {
  return changes.some(
    (change) =>
      change.kind === 'node-added' ||
      change.kind === 'node-removed' ||
      change.kind === 'controllers-changed' ||
      change.kind === 'mode-changed' ||
      (change.kind === 'config-changed' && (change.restarts?.length ?? 0) > 0),
  );
}

/**
 * What a set of changes costs the running cluster at most, in one phrase: the whole cluster
 * stopped (with its estimate), processes restarted one at a time, only removed nodes stopped, or
 * nothing running stopped. `short` keeps only the estimate of a whole-cluster stop (one line).
 */
export function costliest(changes: readonly Change[], short = false): string {
  const stop = changes.find((change) => change.cost.startsWith('stops the whole cluster'))?.cost;
  if (stop)
    return short ? `stops the whole cluster for ${/for (about \d+ s)/.exec(stop)?.[1] ?? 'a while'}` : stop;
  const restarts = [...new Set(changes.flatMap((change) => change.restarts ?? []))];
  if (restarts.length > 0) return `restarts ${restarts.join(', ')} one at a time`;
  if (changes.some((change) => change.kind === 'node-removed')) return 'stops only the nodes removed';
  return 'online, nothing running stops';
}
