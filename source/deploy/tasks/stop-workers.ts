import type { ActionOf, NodeEndpoint } from '../../plan/plan.js';
import type { DeployContext } from '../deploy-context.js';
import type { StepFailure, StepResult } from '../events.js';
import { notReachedError, unreachable } from '../host-reach.js';
import { portState } from '../node-api/port-listening.js';
import { switchEach, type WorkerSwitch } from '../node-api/switch-workers.js';
import type { StepContext } from '../run-plan.js';
import { StepError } from '../step-error.js';
import type { Task } from './task.js';

/** Stopping data and compute nodes through the leader (`stopDataNode` is asynchronous since 3.00.2). */
export const stopping: WorkerSwitch = {
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

/**
 * Stops the data and compute nodes whose hosts can be reached, through the leader. Those on a host
 * that cannot be reached are not asked for: the leader's view of them lags (it may still call them
 * up, or already down while they run), so they are named as not stopped, with why, and the agents
 * and controllers elsewhere are stopped after the rest.
 */
async function run(
  action: ActionOf<'stop-workers'>,
  step: StepContext,
  deploy: DeployContext,
): Promise<StepResult> {
  const hosts = [...new Set([...action.workers, ...action.controllers].map((node) => node.host))];
  const cutOff = new Map<string, StepFailure>();
  await Promise.all(
    hosts.map(async (host) => {
      const failure = await unreachable(deploy.executor(host), step.signal);
      if (failure) cutOff.set(host, failure);
    }),
  );
  const reachable = action.workers.filter((node) => !cutOff.has(node.host));
  const stopped =
    reachable.length === 0 ? 0 : await stopReachable({ ...action, workers: reachable }, cutOff, step, deploy);
  const left = action.workers.filter((node) => cutOff.has(node.host));
  if (left.length === 0)
    return stopped === 0
      ? { outcome: 'unchanged', detail: stopping.nothingToDo }
      : { outcome: 'done', detail: `${stopped} ${stopping.done}` };
  const already = reachable.length - stopped;
  const first = cutOff.get(left[0]?.host ?? '') ?? { kind: 'unreachable', message: '' };
  throw notReachedError(
    `${stopped} stopped${already > 0 ? `, ${already} already down` : ''}, ${left.length} not reached`,
    left.map((node) => ({ node: node.alias, host: node.host, reason: cutOff.get(node.host)?.message ?? '' })),
    first,
  );
}

/**
 * How many of `action.workers` were stopped. Without a leader nothing can stop them, but nothing
 * need: when none of their ports takes connections on its own host, none was running (a cluster
 * stopped already, or the rest of one stopped past a lost host). Else the failure names the ones
 * that may still run and the controllers not reached.
 */
async function stopReachable(
  action: ActionOf<'stop-workers'>,
  cutOff: ReadonlyMap<string, StepFailure>,
  step: StepContext,
  deploy: DeployContext,
): Promise<number> {
  try {
    return await switchEach(stopping, action, step, deploy);
  } catch (error) {
    if (!(error instanceof StepError) || error.failure.message !== stopping.noLeader) throw error;
    const states = await Promise.all(action.workers.map((node) => portState(deploy, node, step.signal)));
    const running = action.workers.filter((_, i) => states[i] !== 'refused');
    if (running.length === 0) return 0;
    const lost = action.controllers.filter((node: NodeEndpoint) => cutOff.has(node.host));
    const why = lost.map((node) => `${node.alias} (${cutOff.get(node.host)?.message ?? ''})`).join('; ');
    throw new StepError(
      'node-failed',
      `${stopping.noLeader}; still running: ${running.map((node) => node.alias).join(', ')}${lost.length > 0 ? `; not reached: ${why}` : ''}`,
      {
        fix:
          lost.length > 0
            ? `${cutOff.get(lost[0]?.host ?? '')?.fix ?? 'make the controllers’ hosts reachable'}, then run the same command again`
            : 'start the controllers (`ddb-setup start --node ALIAS` for each) so that one is elected leader, then run the same command again',
      },
    );
  }
}

function describe(action: ActionOf<'stop-workers'>): string[] {
  return [
    'true on each of their hosts (one that cannot be reached is named, not asked for)',
    `stopDataNode([${action.workers.map((node) => JSON.stringify(node.alias)).join(', ')}]) on the leader`,
    'getClusterPerf(true) on the leader until none of them is up',
  ];
}

export const stopWorkers: Task<'stop-workers'> = { describe, run };
