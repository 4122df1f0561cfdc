import type { ActionOf } from '../../plan/plan.js';
import type { DeployContext } from '../deploy-context.js';
import type { StepResult } from '../events.js';
import { awaitChunkState, chunkQuery } from '../node-api/chunk-state.js';
import type { StepContext } from '../run-plan.js';
import type { Task } from './task.js';

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
  await awaitChunkState(action.until, action.controllers, step, deploy);
  return {
    outcome: 'done',
    detail: action.until === 'complete' ? 'every chunk COMPLETE' : 'no chunk RECOVERING',
  };
}

function describe(action: ActionOf<'await-chunks'>): string[] {
  return [`${chunkQuery(action.until)}  (on the leader, until it returns no row)`];
}

export const awaitChunks: Task<'await-chunks'> = { describe, run };
