import type { ActionOf } from '../../plan/plan.js';
import type { DeployContext } from '../deploy-context.js';
import type { StepResult } from '../events.js';
import { chunkReplicasQuery, chunksHeldBy } from '../node-api/chunk-holders.js';
import { clusterState } from '../node-api/cluster-state.js';
import { ask } from '../node-api/node-session.js';
import { leaderForStep, switchEach } from '../node-api/switch-workers.js';
import type { StepContext } from '../run-plan.js';
import { StepError } from '../step-error.js';
import { stopping } from './stop-workers.js';
import type { Task } from './task.js';

/**
 * Stops the data and compute nodes taken out of the topology, through the leader, once it is
 * sure again that none of the data nodes holds a chunk replica: stopping one that does would leave
 * its chunks with a replica fewer, or none (facts §12.1). A refused node is left running and
 * nothing is stopped. A node the cluster no longer lists (controllers restarted since) is removed
 * already.
 */
async function run(
  action: ActionOf<'remove-workers'>,
  step: StepContext,
  deploy: DeployContext,
): Promise<StepResult> {
  const leader = await leaderForStep(action.controllers, step, deploy, stopping);
  if (action.dataNodes.length > 0) {
    const rows = await ask(deploy, leader, chunkReplicasQuery, step.signal, { login: true });
    if (!Array.isArray(rows))
      throw new StepError('node-failed', `${leader.alias} did not answer getClusterChunksStatus()`, {
        fix: 'run the same command again: a data node is stopped only once it is seen to hold no chunk',
      });
    const held = [...chunksHeldBy(rows, action.dataNodes)];
    if (held.length > 0) {
      const aliases = held.map(([alias]) => alias).join(', ');
      throw new StepError(
        'node-failed',
        `${held.map(([alias, count]) => `${alias} holds ${count} chunk(s)`).join('; ')}: not removed, left running`,
        {
          fix: `move its chunks first: rebalanceChunksAmongDataNodes(exec=false) on the controller shows the plan, exec=true runs it (facts §12.1); or keep ${aliases} in the topology`,
        },
      );
    }
  }
  // Only those the leader lists as up (all when it does not answer now): one it no longer lists is
  // gone already, and switchEach counts an unlisted node as stopped.
  const rows = await clusterState(deploy, leader, step.signal);
  const running = rows
    ? action.workers.filter((node) => rows.some((row) => row.name === node.alias && row.state === 1))
    : action.workers;
  const stopped =
    running.length === 0
      ? 0
      : await switchEach(stopping, { controllers: action.controllers, workers: running }, step, deploy);
  if (stopped === 0) return { outcome: 'unchanged', detail: 'none of them is running' };
  const aliases = running.map((node) => node.alias).join(', ');
  return {
    outcome: 'done',
    detail: `stopped ${aliases}; ${running.length === 1 ? 'it stays' : 'they stay'} in the controllers' memory until they restart (${running.length === 1 ? 'its row is' : 'their rows are'} gone from cluster.nodes)`,
  };
}

function describe(action: ActionOf<'remove-workers'>): string[] {
  const aliases = action.workers.map((node) => JSON.stringify(node.alias)).join(', ');
  return [
    ...(action.dataNodes.length > 0
      ? [`${chunkReplicasQuery} on the leader: refuse if ${action.dataNodes.join(', ')} holds a replica`]
      : []),
    `stopDataNode([${aliases}]) on the leader, for those it lists as running`,
    'getClusterPerf(true) on the leader until none of them is up',
  ];
}

export const removeWorkers: Task<'remove-workers'> = { describe, run };
