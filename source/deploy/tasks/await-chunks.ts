import type { ActionOf } from '../../plan/plan.js';
import type { DeployContext } from '../deploy-context.js';
import type { StepResult } from '../events.js';
import { findLeader } from '../node-api/cluster-state.js';
import { ask, poll } from '../node-api/node-session.js';
import type { StepContext } from '../run-plan.js';
import { StepError } from '../step-error.js';
import type { Task } from './task.js';

/** How long chunks may take to recover after a server is back (large clusters take long). */
const recoveryWaitMs = 30 * 60_000;

/** facts §12.2 steps 1 and 5, asked on the leader, which holds the cluster's chunk metadata. */
function query(until: ActionOf<'await-chunks'>['until']): string {
  return until === 'complete'
    ? 'select chunkId, state from getClusterChunksStatus() where state != "COMPLETE"'
    : 'select chunkId, state from getClusterChunksStatus() where state == "RECOVERING"';
}

/**
 * Waits until the leader reports every chunk COMPLETE (before a server stops) or none RECOVERING
 * (after it is back): a server stopped while a chunk has no other complete replica would make
 * that chunk unavailable (facts §12.2).
 */
async function run(
  action: ActionOf<'await-chunks'>,
  step: StepContext,
  deploy: DeployContext,
): Promise<StepResult> {
  let last: number | undefined;
  // Chunks may take long to recover, but a cluster with no leader at all is not recovering.
  let leaderSeen = Date.now();
  const settled = await poll(
    async () => {
      const leader = await findLeader(deploy, action.controllers, step.signal);
      if (leader) leaderSeen = Date.now();
      else if (Date.now() - leaderSeen > deploy.startTimeoutMs) return false;
      const rows = leader
        ? await ask(deploy, leader, query(action.until), step.signal, { login: true })
        : undefined;
      if (!Array.isArray(rows)) return undefined;
      if (rows.length !== last)
        step.output(`${rows.length} chunk(s) ${action.until === 'complete' ? 'not COMPLETE' : 'RECOVERING'}`);
      last = rows.length;
      return rows.length === 0 ? true : undefined;
    },
    { timeoutMs: recoveryWaitMs, intervalMs: 1_000, signal: step.signal },
  );
  if (step.signal.aborted) throw new StepError('aborted', 'aborted while waiting for the chunks');
  if (settled)
    return {
      outcome: 'done',
      detail: action.until === 'complete' ? 'every chunk COMPLETE' : 'no chunk RECOVERING',
    };
  throw new StepError(
    'node-failed',
    last === undefined
      ? 'no leader answered getClusterChunksStatus()'
      : `${last} chunk(s) still ${action.until === 'complete' ? 'not COMPLETE' : 'RECOVERING'} after ${recoveryWaitMs / 60_000} min`,
    {
      fix: 'look at getClusterChunksStatus() on the leader; run the same command again once the chunks are COMPLETE',
    },
  );
}

function describe(action: ActionOf<'await-chunks'>): string[] {
  return [`${query(action.until)}  (on the leader, until it returns no row)`];
}

export const awaitChunks: Task<'await-chunks'> = { describe, run };
