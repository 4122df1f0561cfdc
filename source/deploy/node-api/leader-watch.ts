import type { NodeEndpoint } from '../../plan/plan.js';
import { findLeader } from './cluster-state.js';
import { poll, type NodeAccess } from './node-session.js';

/** The longest a watch may run: a bound for poll, far above any step. */
const watchLimitMs = 24 * 3_600_000;

/** A running watch of the Raft group's leader; `stop` says how long, in ms, it saw none. */
export type LeaderWatch = {
  /** Ends the watch; `leaderSeenAt` is when the caller last saw a leader, which ends a gap still open. */
  readonly stop: (leaderSeenAt: number) => Promise<number>;
};

/**
 * Asks the controllers for their leader every half second until stopped, adding up the time none
 * was found: what a controller's restart cost the cluster (an election takes about
 * raftElectionTick, facts §2.6), measured rather than assumed.
 */
export function watchLeader(
  deploy: NodeAccess,
  controllers: readonly NodeEndpoint[],
  signal: AbortSignal,
): LeaderWatch {
  let stopped = false;
  let missingMs = 0;
  let missingSince: number | undefined;
  const watching = poll(
    async () => {
      if (stopped) return true;
      const leader = await findLeader(deploy, controllers, signal);
      const now = Date.now();
      if (!leader) missingSince ??= now;
      else if (missingSince !== undefined) {
        missingMs += now - missingSince;
        missingSince = undefined;
      }
      return undefined;
    },
    { timeoutMs: watchLimitMs, intervalMs: 500, signal },
  );
  return {
    stop: async (leaderSeenAt) => {
      stopped = true;
      await watching;
      if (missingSince !== undefined) missingMs += Math.max(0, leaderSeenAt - missingSince);
      missingSince = undefined;
      return missingMs;
    },
  };
}
