import type { Derived } from '../../model/derive.js';
import type { Topology } from '../../model/topology.js';

/**
 * What `deploy` can apply between two topologies (plan/modes/ssh-change.ts), decided once so that
 * the difference `plan` prints and the plan deploy runs agree.
 */
export type Applicable = {
  /** Data, compute nodes and agents added or removed while the cluster runs (facts §12.1). */
  readonly nodes: boolean;
  /** Controllers added, moved or removed by stopping everything (facts §12.3, seed 003). */
  readonly controllers: boolean;
  /** Why controllers cannot change, when they cannot: said with each such change. */
  readonly controllersWhy: string;
};

const raftModes: readonly Topology['mode'][] = ['pseudo-ha', 'ha'];

export function applicableOf(before: Derived, after: Derived): Applicable {
  const was = before.topology.mode;
  const is = after.topology.mode;
  const overSsh = was !== 'swarm' && is !== 'swarm';
  const bothRaft = raftModes.includes(was) && raftModes.includes(is);
  // The state of a Raft group is carried by the controllers that stay (or move with their
  // directories); added ones start empty and learn it from the leader. Only a group in which the
  // carried ones are a majority elects a leader that has it (Raft's up-to-date vote rule).
  const kept = after.controllers.filter((node) => before.controllers.some((old) => old.alias === node.alias));
  const carried = kept.length * 2 > after.controllers.length;
  const controllersWhy = !overSsh
    ? 'ddb-setup changes the controllers of a swarm deployment only by deploying it anew'
    : !bothRaft
      ? `controllers change between modes pseudo-ha and ha only (seed 003); ${was} → ${is} is a new deployment`
      : !carried
        ? `the controllers that keep their metadata (${kept.map((n) => n.alias).join(', ') || 'none'}) must be more than half of the new group: add fewer controllers in one change`
        : '';
  return { nodes: overSsh && is !== 'single', controllers: controllersWhy === '', controllersWhy };
}
