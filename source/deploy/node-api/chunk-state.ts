import type { NodeEndpoint } from '../../plan/plan.js';
import type { DeployContext } from '../deploy-context.js';
import type { StepContext } from '../run-plan.js';
import { StepError } from '../step-error.js';
import { findLeader } from './cluster-state.js';
import { ask, poll } from './node-session.js';

/** What to wait for: every chunk COMPLETE (before a server stops) or none RECOVERING (after). */
export type ChunkWait = 'complete' | 'not-recovering';

/** How long chunks may take to recover after a server is back (large clusters take long). */
const recoveryWaitMs = 30 * 60_000;

/** facts §12.2 steps 1 and 5, asked on the leader, which holds the cluster's chunk metadata. */
export function chunkQuery(until: ChunkWait): string {
  return until === 'complete'
    ? 'select chunkId, state from getClusterChunksStatus() where state != "COMPLETE"'
    : 'select chunkId, state from getClusterChunksStatus() where state == "RECOVERING"';
}

/**
 * Waits until the leader's chunk query returns no row; throws a StepError when it does not in
 * time, or when no leader answers for startTimeoutMs. Returns how many polls it took (1: nothing
 * had to settle).
 */
export async function awaitChunkState(
  until: ChunkWait,
  controllers: readonly NodeEndpoint[],
  step: StepContext,
  deploy: DeployContext,
): Promise<number> {
  let last: number | undefined;
  let polls = 0;
  // Chunks may take long to recover, but a cluster with no leader at all is not recovering.
  let leaderSeen = Date.now();
  const settled = await poll(
    async () => {
      polls++;
      const leader = await findLeader(deploy, controllers, step.signal);
      if (leader) leaderSeen = Date.now();
      else if (Date.now() - leaderSeen > deploy.startTimeoutMs) return false;
      const rows = leader
        ? await ask(deploy, leader, chunkQuery(until), step.signal, { login: true })
        : undefined;
      if (!Array.isArray(rows)) return undefined;
      if (rows.length !== last)
        step.output(`${rows.length} chunk(s) ${until === 'complete' ? 'not COMPLETE' : 'RECOVERING'}`);
      last = rows.length;
      return rows.length === 0 ? true : undefined;
    },
    { timeoutMs: recoveryWaitMs, intervalMs: 1_000, signal: step.signal },
  );
  if (step.signal.aborted) throw new StepError('aborted', 'aborted while waiting for the chunks');
  if (settled) return polls;
  throw new StepError(
    'node-failed',
    last === undefined
      ? 'no leader answered getClusterChunksStatus()'
      : `${last} chunk(s) still ${until === 'complete' ? 'not COMPLETE' : 'RECOVERING'} after ${recoveryWaitMs / 60_000} min`,
    {
      fix: 'look at getClusterChunksStatus() on the leader; run the same command again once the chunks are COMPLETE',
    },
  );
}
