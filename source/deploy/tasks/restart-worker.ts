import type { ActionOf } from '../../plan/plan.js';
import type { DeployContext } from '../deploy-context.js';
import type { StepResult } from '../events.js';
import { awaitChunkState, chunkQuery } from '../node-api/chunk-state.js';
import { switchEach } from '../node-api/switch-workers.js';
import type { StepContext } from '../run-plan.js';
import { secondsSince } from './restart-process.js';
import { starting } from './start-workers.js';
import { stopping } from './stop-workers.js';
import type { Task } from './task.js';

/**
 * Restarts one data or compute node through the leader, so that it reads cluster.cfg again
 * (facts §12.1: cluster-wide keys take effect after the data nodes restart). A data node stops
 * only once every chunk is COMPLETE, so each of its chunks has a replica elsewhere, and the step
 * ends when none is RECOVERING (facts §12.2 steps 1 and 5). A node found stopped is just started.
 */
async function run(
  action: ActionOf<'restart-worker'>,
  step: StepContext,
  deploy: DeployContext,
): Promise<StepResult> {
  const one = { controllers: action.controllers, workers: [action.worker] };
  const times: string[] = [];
  let since = Date.now();
  if (action.dataNode) {
    if ((await awaitChunkState('complete', action.controllers, step, deploy)) > 1)
      times.push(`chunks COMPLETE after ${secondsSince(since)}`);
    since = Date.now();
  }
  const stopped = await switchEach(stopping, one, step, deploy);
  times.push(stopped === 0 ? 'was not running' : `stopped in ${secondsSince(since)}`);
  since = Date.now();
  await switchEach(starting, one, step, deploy);
  times.push(`up in ${secondsSince(since)}`);
  if (action.dataNode) {
    since = Date.now();
    await awaitChunkState('not-recovering', action.controllers, step, deploy);
    times.push(`no chunk RECOVERING after ${secondsSince(since)}`);
  }
  return { outcome: 'done', detail: times.join(', ') };
}

function describe(action: ActionOf<'restart-worker'>): string[] {
  const alias = JSON.stringify(action.worker.alias);
  return [
    ...(action.dataNode ? [`${chunkQuery('complete')}  (on the leader, until it returns no row)`] : []),
    `stopDataNode([${alias}]) on the leader, then getClusterPerf(true) until it is down`,
    `startDataNode([${alias}]) on the leader, then getClusterPerf(true) until its state is 1`,
    ...(action.dataNode ? [`${chunkQuery('not-recovering')}  (on the leader, until it returns no row)`] : []),
  ];
}

export const restartWorker: Task<'restart-worker'> = { describe, run };
