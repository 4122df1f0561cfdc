import { plural } from '../../model/plural.js';
import type { ActionOf, NodeEndpoint } from '../../plan/plan.js';
import type { DeployContext } from '../deploy-context.js';
import type { StepResult } from '../events.js';
import type { StepContext } from '../run-plan.js';
import { StepError } from '../step-error.js';
import { clusterState, findLeader, type NodeState } from '../node-api/cluster-state.js';
import { ask, poll } from '../node-api/node-session.js';
import { sites } from './sites.js';
import type { Task } from './task.js';

/** How long the final check waits for the controllers' view to catch up with nodes just started. */
const settleMs = 30_000;

/** The final check: the single node answers, or every node of the topology is up and there is a leader. */
async function run(
  action: ActionOf<'verify'>,
  step: StepContext,
  deploy: DeployContext,
): Promise<StepResult> {
  if (action.single) {
    const node = action.controllers[0];
    const version = node ? await ask(deploy, node, 'version()', step.signal) : undefined;
    if (typeof version !== 'string')
      throw new StepError('node-failed', `${node?.alias ?? 'the node'} does not answer`);
    return { outcome: 'done', detail: `DolphinDB ${version}` };
  }
  // The leader's view of a node that has just (re)started lags by a few heartbeats: look again for
  // a while before calling anything down. A healthy cluster passes at the first look.
  let last: { leader?: NodeEndpoint; rows?: NodeState[]; down: readonly string[] } = {
    down: action.expected,
  };
  const settled = await poll(
    async () => {
      const leader = await findLeader(deploy, action.controllers, step.signal);
      const rows = leader ? await clusterState(deploy, leader, step.signal) : undefined;
      const down = rows
        ? action.expected.filter((alias) => rows.find((row) => row.name === alias)?.state !== 1)
        : action.expected;
      last = { ...(leader ? { leader } : {}), ...(rows ? { rows } : {}), down };
      return leader && rows && down.length === 0 ? leader : undefined;
    },
    { timeoutMs: Math.min(deploy.startTimeoutMs, settleMs), intervalMs: 1_000, signal: step.signal },
  );
  if (step.signal.aborted) throw new StepError('aborted', 'aborted while checking the cluster');
  if (!settled) {
    if (!last.leader) throw new StepError('node-failed', 'no controller is leader');
    if (!last.rows)
      throw new StepError('node-failed', `${last.leader.alias} does not answer getClusterPerf(true)`);
    throw new StepError('node-failed', `not up: ${last.down.join(', ')}`, {
      fix: 'run `ddb-setup status`, then `ddb-setup start`',
    });
  }
  const leader = settled;
  return {
    outcome: 'done',
    detail: `${plural(action.expected.length, 'node')} up, leader ${leader.alias}`,
    leader: leader.alias,
  };
}

function describe(action: ActionOf<'verify'>): string[] {
  if (action.single) return [`version() on ${sites(action.controllers)}`];
  return [`getClusterPerf(true) on the leader: ${action.expected.join(', ')} up, one leader`];
}

export const verify: Task<'verify'> = { describe, run };
