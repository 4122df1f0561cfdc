import type { ActionOf } from '../../plan/plan.js';
import { switchWorkers, type WorkerSwitch } from '../node-api/switch-workers.js';
import type { Task } from './task.js';

/** Stopping data and compute nodes through the leader (`stopDataNode` is asynchronous since 3.00.2). */
const stopping: WorkerSwitch = {
  call: 'stopDataNode',
  wanted: (state) => state !== 1,
  noLeader: 'no controller is leader: data and compute nodes cannot be stopped through it',
  noLeaderFix: 'start the controllers first, or stop the processes on their hosts',
  nothingToDo: 'none was running',
  done: 'stopped',
  aborted: 'aborted while the data nodes were stopping',
  late: (s, aliases) => `still up after ${s} s: ${aliases}`,
  lateFix: 'run `ddb-setup status`, then stop the remaining processes on their hosts',
};

function describe(action: ActionOf<'stop-workers'>): string[] {
  return [
    `stopDataNode([${action.workers.map((node) => JSON.stringify(node.alias)).join(', ')}]) on the leader`,
    'getClusterPerf(true) on the leader until none of them is up',
  ];
}

export const stopWorkers: Task<'stop-workers'> = {
  describe,
  run: (action, step, deploy) => switchWorkers(stopping, action, step, deploy),
};
