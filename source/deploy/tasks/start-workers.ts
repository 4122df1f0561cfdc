import type { ActionOf } from '../../plan/plan.js';
import { switchWorkers, type WorkerSwitch } from '../node-api/switch-workers.js';
import type { Task } from './task.js';

/** Starting data and compute nodes through the leader, as the web console does (facts §6.1). */
export const starting: WorkerSwitch = {
  call: 'startDataNode',
  wanted: (state) => state === 1,
  noLeader: 'no controller is leader: cannot start data and compute nodes',
  noLeaderFix: 'run `ddb-setup status` to see which controllers are down',
  nothingToDo: 'all already up',
  done: 'started',
  aborted: 'aborted while the data nodes were starting',
  late: (s, aliases) => `not up after ${s} s: ${aliases}`,
  lateFix: "read those nodes' logs (next to their agent's log), or run `ddb-setup status`",
};

function describe(action: ActionOf<'start-workers'>): string[] {
  return [
    `startDataNode([${action.workers.map((node) => JSON.stringify(node.alias)).join(', ')}]) on the leader`,
    'getClusterPerf(true) on the leader until every one of them has state 1',
  ];
}

export const startWorkers: Task<'start-workers'> = {
  describe,
  run: (action, step, deploy) => switchWorkers(starting, action, step, deploy),
};
